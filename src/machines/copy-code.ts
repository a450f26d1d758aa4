/**
 * The JupyterHub "copy this code" login (globus-api.md §1.3), one step shared
 * by the auth chart (the first login) and the recovery chart (a login again):
 * the pasted code goes to the shim's `exchangeCode`; a rejected code returns
 * to the form with Globus's reason, as `code_rejected`.
 */
import type { ManualCallbackResponse } from '../api/types';
import { type LoginFailure, toLoginFailure } from './errors';

export interface ExchangeCodeInput {
  code: string;
}

/** Either chart's events: only `code.submit` carries a code. */
interface CodeEvent {
  type: string;
  code?: string;
}

const submittedCode = (event: CodeEvent): string =>
  event.type === 'code.submit' ? (event.code ?? '').trim() : '';

const rejected = (message: string): LoginFailure => ({ code: 'code_rejected', message });

export const copyCodeGuards = {
  hasCode: ({ event }: { event: CodeEvent }) => submittedCode(event).length > 0,
  wasCodeAccepted: (_: unknown, response: ManualCallbackResponse) => response.result
};

/**
 * The `exchanging` state: invokes `exchangeCode` with the submitted code, goes
 * to `accepted` when the shim stored tokens, else records the failure (the
 * chart's `recordFailure` action) and goes back to `rejected`.
 */
export function exchangingCode<const Target extends string>(targets: {
  accepted: Target;
  rejected: Target;
}) {
  return {
    invoke: {
      id: 'exchangeCode',
      src: 'exchangeCode',
      input: ({ event }: { event: CodeEvent }): ExchangeCodeInput => ({
        code: submittedCode(event)
      }),
      onDone: [
        {
          guard: {
            type: 'wasCodeAccepted',
            params: ({ event }: { event: { output: ManualCallbackResponse } }) => event.output
          },
          target: targets.accepted
        },
        {
          target: targets.rejected,
          actions: {
            type: 'recordFailure',
            params: ({ event }: { event: { output: ManualCallbackResponse } }) =>
              rejected(event.output.message)
          }
        }
      ],
      onError: {
        target: targets.rejected,
        actions: {
          type: 'recordFailure',
          params: ({ event }: { event: { error: unknown } }) =>
            rejected(toLoginFailure(event.error).message)
        }
      }
    }
  } as const;
}
