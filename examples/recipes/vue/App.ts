// The Vue demo without a template compiler: a render function with h().
import { defineComponent, h, ref } from 'vue';
import { relayEvents } from 'rx-responses';
import { useResponse } from './useResponse.js';

export const App = defineComponent({
  setup() {
    const { state, send, stop } = useResponse(relayEvents('/api/chat'));
    const prompt = ref('Say hello');
    const submit = (e: Event): void => {
      e.preventDefault();
      send(prompt.value);
    };
    return () =>
      h('main', [
        h('form', { onSubmit: submit }, [
          h('input', { 'data-testid': 'prompt', value: prompt.value, onInput: (e: Event) => (prompt.value = (e.target as HTMLInputElement).value) }),
          h('button', { 'data-testid': 'send', type: 'submit' }, 'Send'),
          h('button', { 'data-testid': 'stop', type: 'button', onClick: stop, disabled: state.value.status !== 'streaming' }, 'Stop'),
        ]),
        h('p', { 'data-testid': 'status' }, state.value.status),
        h('pre', { 'data-testid': 'text' }, state.value.text),
        state.value.error && h('p', { role: 'alert' }, state.value.error.message),
      ]);
  },
});
