/**
 * The popup's and options page's side of the protocol: send an AppRequest to the background and
 * parse its answer with the schema that request expects. A missing or malformed answer throws.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import {
  appStatusSchema,
  connectResponseSchema,
  editResponseSchema,
  exportResponseSchema,
  okSchema,
  tabStateSchema,
  type AppRequest,
} from '../messages';

const responseSchemas = {
  'get-status': appStatusSchema,
  connect: connectResponseSchema,
  disconnect: okSchema,
  'retry-now': appStatusSchema,
  discard: okSchema,
  edit: editResponseSchema,
  'export-data': exportResponseSchema,
  'clear-data': okSchema,
  'capture-tab': tabStateSchema,
} as const satisfies Record<AppRequest['type'], z.ZodMiniType>;

type ResponseOf<T extends AppRequest['type']> = z.infer<(typeof responseSchemas)[T]>;

export async function sendApp<R extends AppRequest>(request: R): Promise<ResponseOf<R['type']>> {
  const answer: unknown = await browser.runtime.sendMessage(request);
  const schema: z.ZodMiniType<ResponseOf<R['type']>> = responseSchemas[request.type as R['type']];
  return schema.parse(answer);
}
