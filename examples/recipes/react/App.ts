// A tiny chat turn over a relay: type, Send, watch the text stream in, Stop. Written with
// createElement (`h`) instead of JSX so it type-checks without a JSX setting; JSX works the same.
import { createElement as h, useState } from 'react';
import { relayEvents } from 'rx-responses';
import { useResponse } from './useResponse.js';

// Module level, so the hook gets the same function on every render.
const eventsFor = relayEvents('/api/chat');

export function App() {
  const { state, send, stop } = useResponse(eventsFor);
  const [prompt, setPrompt] = useState('Say hello');
  return h(
    'main',
    null,
    h(
      'form',
      {
        onSubmit: (e) => {
          e.preventDefault();
          send(prompt);
        },
      },
      h('input', { 'data-testid': 'prompt', value: prompt, onChange: (e) => setPrompt(e.target.value) }),
      h('button', { 'data-testid': 'send', type: 'submit' }, 'Send'),
      h('button', { 'data-testid': 'stop', type: 'button', onClick: stop, disabled: state.status !== 'streaming' }, 'Stop'),
    ),
    h('p', { 'data-testid': 'status' }, state.status),
    h('pre', { 'data-testid': 'text' }, state.text),
    state.error && h('p', { role: 'alert' }, state.error.message),
  );
}
