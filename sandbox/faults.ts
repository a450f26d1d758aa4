/**
 * Fault injection on any route: answer with a 5xx (or any status), answer
 * slowly, drop the connection, or send malformed JSON — for N requests, then
 * behave again ("N failures then success").
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { pathOf } from './http';
import { requestId, sleep } from './util';

export type FaultKind = 'status' | 'slow' | 'drop' | 'malformed';

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Exact request path (no query string) or a RegExp tested against it. */
  path: string | RegExp;
  kind: FaultKind;
  /** For `status`: the status to answer (default 503). */
  status?: number;
  /** For `slow`: delay before the normal answer (default 1000 ms). */
  delayMs?: number;
  /** How many matching requests fail before the route behaves again (default: all). */
  times?: number;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
  hits: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  inject(rule: FaultRule): void {
    if (!['status', 'slow', 'drop', 'malformed'].includes(rule.kind)) {
      throw new Error(
        `fault kind must be status, slow, drop or malformed, got "${String(rule.kind)}"`
      );
    }
    if (typeof rule.path !== 'string' && !(rule.path instanceof RegExp)) {
      throw new Error('fault path must be a string or a RegExp');
    }
    if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
      throw new Error(`fault times must be a positive integer, got ${rule.times}`);
    }
    if (
      rule.status !== undefined &&
      (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 599)
    ) {
      throw new Error(`fault status must be an HTTP status code, got ${rule.status}`);
    }
    this.rules.push({ rule, remaining: rule.times ?? Infinity, hits: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** How many requests each rule has affected so far (in injection order). */
  hits(): number[] {
    return this.rules.map(r => r.hits);
  }

  take(method: string, path: string): FaultRule | null {
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      const matches = typeof rule.path === 'string' ? rule.path === path : rule.path.test(path);
      if (!matches) continue;
      active.remaining -= 1;
      active.hits += 1;
      return rule;
    }
    return null;
  }
}

function statusBody(path: string, status: number): Record<string, unknown> {
  if (path.startsWith('/v0.10')) {
    // Transfer's error document (globus-api.md §2.11); 503 is ServiceUnavailable.
    return {
      code: status === 503 ? 'ServiceUnavailable' : status >= 500 ? 'InternalError' : 'ClientError',
      message: `Injected fault: HTTP ${status}`,
      request_id: requestId(),
      resource: path.replace(/^\/v0\.10/, '')
    };
  }
  // Auth's API error document (globus-api.md §1.8).
  return {
    errors: [
      {
        status: String(status),
        id: randomUUID(),
        code: 'INJECTED_FAULT',
        detail: `Injected fault: HTTP ${status}`,
        title: 'Injected fault'
      }
    ],
    error: status >= 500 ? 'server_error' : 'invalid_request',
    error_description: `Injected fault: HTTP ${status}`
  };
}

/** The onRequest hook: applies the first matching rule, if any. */
export function faultHook(faults: FaultInjector) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request.url);
    const rule = faults.take(request.method, path);
    if (!rule) return;
    switch (rule.kind) {
      case 'slow':
        await sleep(rule.delayMs ?? 1000);
        return;
      case 'status': {
        const status = rule.status ?? 503;
        return reply.code(status).send(statusBody(path, status));
      }
      case 'malformed':
        return reply
          .code(200)
          .type('application/json')
          .send('{"DATA_TYPE": "endpoint_list", "DATA": [{"id": "truncated');
      case 'drop':
        reply.hijack();
        request.raw.socket.destroy();
        return;
    }
  };
}
