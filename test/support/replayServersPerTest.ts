import { afterEach } from 'vitest';
import { type ReplayServer, type ReplayServerOptions, startReplayServer } from '../../src/testing/index.js';

/**
 * For a test file that starts replay servers: returns `serve(options)`, which starts one, and
 * registers an `afterEach` that closes every server the test started. Call it at the top level.
 */
export function replayServersPerTest(): (options: ReplayServerOptions) => Promise<ReplayServer> {
  const servers: ReplayServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (options) => {
    const server = await startReplayServer(options);
    servers.push(server);
    return server;
  };
}
