import type { Server } from 'http';
import { ConfigError, loadEnvironment } from '../../src/config/environment';
import { createTestApp } from '../support/app';

describe('keep-alive and headers timeouts', () => {
  it('default to longer than common balancers\' 60 s idle timeout, headers after keep-alive', () => {
    const env = loadEnvironment({});
    expect(env.KEEP_ALIVE_TIMEOUT).toBe('75s');
    expect(env.HEADERS_TIMEOUT).toBe('80s');
  });

  it('are refused when malformed or when headersTimeout does not exceed keepAliveTimeout', () => {
    const problems = (raw: Record<string, string>) => {
      try {
        loadEnvironment(raw);
        return [];
      } catch (e) {
        return (e as ConfigError).problems.map((p) => p.variable);
      }
    };
    expect(problems({ KEEP_ALIVE_TIMEOUT: 'soon' })).toEqual(['KEEP_ALIVE_TIMEOUT']);
    expect(problems({ HEADERS_TIMEOUT: '-5s' })).toEqual(['HEADERS_TIMEOUT']);
    expect(problems({ KEEP_ALIVE_TIMEOUT: '90s', HEADERS_TIMEOUT: '90s' })).toEqual(['HEADERS_TIMEOUT']);
    expect(problems({ KEEP_ALIVE_TIMEOUT: '2m', HEADERS_TIMEOUT: '125000ms' })).toEqual([]);
  });

  it('are set on the node http server under the framework', async () => {
    const t = await createTestApp({ KEEP_ALIVE_TIMEOUT: '65s', HEADERS_TIMEOUT: '70000ms' });
    try {
      const server = t.app.getHttpServer() as Server;
      expect(server.keepAliveTimeout).toBe(65_000);
      expect(server.headersTimeout).toBe(70_000);
    } finally {
      await t.close();
    }
  });
});
