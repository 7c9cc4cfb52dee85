/**
 * Socket timeouts of the node http server under the framework (`app.getHttpServer()`, the same
 * object whichever HTTP adapter Nest uses). Behind a load balancer the server must keep an idle
 * keep-alive socket open longer than the balancer does, or it closes sockets the balancer is about
 * to reuse (the client sees a reset); headersTimeout must exceed keepAliveTimeout (node's rule).
 */
import type { Server } from 'http';
import type { AppConfig } from '../config/app-config';

export function applyServerTimeouts(server: Server, config: Pick<AppConfig, 'keepAliveTimeoutMs' | 'headersTimeoutMs'>): void {
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
}
