import type { ApiError, InputOf, MethodName, OutputOf } from '../../src-shared/api';
import { pickTransport, type Transport } from './transport';

/** A failed call, carrying the router's { code, message, field? }. */
export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
  }
}

export interface KaraClient {
  call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>>;
  readonly transport: Transport['kind'];
}

export function createClient(getLocale: () => string, transport: Transport = pickTransport()): KaraClient {
  return {
    transport: transport.kind,
    async call(method, input) {
      const result = await transport.call(method, input, getLocale());
      if (!result.ok) throw new ApiCallError(result.error);
      return result.data as never;
    },
  };
}
