/**
 * Bundle: the bytes each part of the built extension makes Chrome load, raw and gzip (level 9,
 * a stand-in for "how much code": Chrome reads the files from disk, uncompressed).
 *
 * Walks the built folder from its manifest: each content script's js and css; the service worker
 * and what it imports; the popup and options pages with every script, modulepreload and
 * stylesheet their HTML names and every module those scripts import statically (shared chunks are
 * counted in each page that loads them).
 *
 * Run by node: no TS-only syntax.
 */
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundlePart {
  name: string;
  files: string[];
  raw: number;
  gzip: number;
  /** The aim, in gzip bytes, if there is one. */
  aimGzip: number | null;
}

interface Manifest {
  background?: { service_worker?: string };
  action?: { default_popup?: string };
  options_ui?: { page?: string };
  options_page?: string;
  content_scripts?: Array<{ matches: string[]; js?: string[]; css?: string[] }>;
}

const CONTENT_SCRIPT_AIM = 8 * 1024;
const BACKGROUND_AIM = 40 * 1024;

/** Static imports of an ES module (minified or not): `import"./a.js"`, `from "./b.js"`, `import("./c.js")`. */
function staticImports(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bimport\s*|\bfrom\s*)["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) if (match[1]) found.push(match[1]);
  return found;
}

/** Scripts and styles an HTML page loads. */
function htmlResources(html: string): string[] {
  const found: string[] = [];
  for (const match of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) if (match[1]) found.push(match[1]);
  for (const match of html.matchAll(/<link\b[^>]*\brel="(?:stylesheet|modulepreload)"[^>]*\bhref="([^"]+)"/g)) {
    if (match[1]) found.push(match[1]);
  }
  for (const match of html.matchAll(/<link\b[^>]*\bhref="([^"]+)"[^>]*\brel="(?:stylesheet|modulepreload)"/g)) {
    if (match[1]) found.push(match[1]);
  }
  return found;
}

/** `file` (relative to `root`) and everything it loads, transitively; paths relative to `root`. */
function closure(root: string, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const path = normalize(file);
    if (seen.has(path)) return;
    const absolute = join(root, path);
    if (!existsSync(absolute)) return;
    seen.add(path);
    const text = readFileSync(absolute, 'utf8');
    const resolveFrom = (reference: string): string =>
      reference.startsWith('/') ? reference.slice(1) : relative(root, join(dirname(absolute), reference));
    if (path.endsWith('.html')) for (const reference of htmlResources(text)) visit(resolveFrom(reference));
    if (path.endsWith('.js')) for (const reference of staticImports(text)) visit(resolveFrom(reference));
  };
  visit(entry);
  return [...seen];
}

function measure(root: string, name: string, files: string[], aimGzip: number | null): BundlePart {
  // Each file is compressed on its own, as each is a separate resource.
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(join(root, file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { name, files, raw, gzip, aimGzip };
}

export function measureBundle(extensionDir: string): BundlePart[] {
  const manifest = JSON.parse(readFileSync(join(extensionDir, 'manifest.json'), 'utf8')) as Manifest;
  const parts: BundlePart[] = [];
  for (const script of manifest.content_scripts ?? []) {
    const files = [...(script.js ?? []), ...(script.css ?? [])].flatMap((file) => closure(extensionDir, file));
    const name = `content script ${(script.js ?? [])[0]?.replace(/^content-scripts\//, '') ?? '?'}`;
    parts.push(measure(extensionDir, name, files, CONTENT_SCRIPT_AIM));
  }
  const worker = manifest.background?.service_worker;
  if (worker) parts.push(measure(extensionDir, 'background', closure(extensionDir, worker), BACKGROUND_AIM));
  const popup = manifest.action?.default_popup;
  if (popup) parts.push(measure(extensionDir, 'popup', closure(extensionDir, popup), null));
  const options = manifest.options_ui?.page ?? manifest.options_page;
  if (options) parts.push(measure(extensionDir, 'options', closure(extensionDir, options), null));
  return parts;
}
