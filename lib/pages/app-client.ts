/**
 * The popup's and options page's side of the protocol: each call sends one AppRequest to the
 * background (or a TabRequest to a tab) and parses the answer with the schema that request expects,
 * so the pages work with checked types from here on. A missing or malformed
 * answer throws.
 */
import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import {
  appStatusSchema,
  bulkResultSchema,
  captureStateSchema,
  connectResponseSchema,
  editResponseSchema,
  exportResponseSchema,
  okSchema,
  tabStateSchema,
  type AppRequest,
  type EditFields,
  type EnteredDetails,
  type TabRequest,
  type TabState,
} from '../shared/messages';

/** What the popup sends with its Capture: what the rep typed, and the page it showed (issue 21). */
export interface TabCaptureRequest {
  details?: EnteredDetails;
  expectedPage?: string;
}

async function call<T>(request: AppRequest, schema: z.ZodMiniType<T>): Promise<T> {
  return schema.parse(await browser.runtime.sendMessage(request));
}

export const background = {
  status: () => call({ type: 'get-status' }, appStatusSchema),
  connect: (apiKey: string) => call({ type: 'connect', apiKey }, connectResponseSchema),
  disconnect: (discardQueue: boolean) => call({ type: 'disconnect', discardQueue }, okSchema),
  retryNow: () => call({ type: 'retry-now' }, appStatusSchema),
  discard: (id: string) => call({ type: 'discard', id }, okSchema),
  edit: (id: string, fields: EditFields) => call({ type: 'edit', id, fields }, editResponseSchema),
  exportData: () => call({ type: 'export-data' }, exportResponseSchema),
  clearData: () => call({ type: 'clear-data' }, okSchema),
  /** The popup's Capture: the worker asks the tab's content script, as the keyboard shortcut does. */
  captureTab: (tabId: number, request: TabCaptureRequest) => call({ type: 'capture-tab', tabId, ...request }, tabStateSchema),
  /** What the worker knows of a profile's capture (issue 20): its state, and whom it named. */
  captureState: (profileUrl: string) => call({ type: 'capture-state', profileUrl }, captureStateSchema),
  /** The tab's last bulk capture (issue 13), as the worker keeps it; null before any. Reads nothing in the tab. */
  tabBulk: (tabId: number) => call({ type: 'tab-bulk', tabId }, z.nullable(bulkResultSchema)),
};

/** What the page's button shows in `tabId`, asked of its content script; rejects when there is none. */
export async function askTab(tabId: number): Promise<TabState> {
  const request: TabRequest = { type: 'get-state' };
  return tabStateSchema.parse(await browser.tabs.sendMessage(tabId, request));
}
