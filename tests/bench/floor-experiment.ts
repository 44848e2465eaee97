/**
 * The floor experiment (issue 15.2): which way of showing one closed shadow-root button costs a
 * large LinkedIn profile the least. Every way of tests/bench/floor-extensions.ts, plus no
 * extension, loaded in paired rounds by the page-cost method (tests/bench/page-cost.ts); prints
 * each way's paired difference to no extension and writes tests/bench/results/floor-experiment.json.
 *
 *   node tests/bench/floor-experiment.ts                     # 20 rounds, today's large page
 *   FLOOR_ROUNDS=4 FLOOR_PAGE=2026 FLOOR_WAYS=body,idle node tests/bench/floor-experiment.ts
 *
 * Not part of `npm run bench` (about 1.5 min per round of 8 arms on 2 shared cores): its winner is
 * written down in FLOOR_BUTTON_WAY and in README, Benchmarks.
 *
 * Run by node: no TS-only syntax.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApiStandIn } from '../support/api-stand-in.ts';
import { FLOOR_WAYS, type FloorWayName } from './floor-extensions.ts';
import { chromiumVersion, currentLoad, machineInfo } from './lib.ts';
import { floorArm, formatSpread, noExtensionArm, pairedDifference, runRounds, summarise, WINDOW_MS } from './page-cost.ts';
import { largePage, largePage2026 } from './pages.ts';

const rounds = Number(process.env['FLOOR_ROUNDS'] ?? '20');
const page = process.env['FLOOR_PAGE'] === '2026' ? await largePage2026() : await largePage();
/** The bench's window unless FLOOR_WINDOW_MS says otherwise; every way shows its button within 2 s. */
const windowMs = Number(process.env['FLOOR_WINDOW_MS'] ?? WINDOW_MS);
const ways = (process.env['FLOOR_WAYS']?.split(',') ?? Object.keys(FLOOR_WAYS)) as FloorWayName[];
for (const way of ways) if (!(way in FLOOR_WAYS)) throw new Error(`Unknown way ${way}: ${Object.keys(FLOOR_WAYS).join(', ')}`);

const machine = machineInfo(chromiumVersion());
console.log(`Floor experiment: ${rounds} rounds × ${ways.length + 1} arms on ${page.name}, window ${windowMs} ms; load ${machine.loadAverageAtStart.join(' ')}`);
const api = await startApiStandIn();
try {
  const arms = [noExtensionArm(), ...(await Promise.all(ways.map((way) => floorArm(way, way))))];
  const all = await runRounds(arms, rounds, page, api.port, (line) => console.log(line), windowMs);
  machine.loadAverageAtEnd = currentLoad();
  const differences = ways.map((way) => pairedDifference(all, way, 'none'));
  const summaries = arms.map((arm) => summarise(all, arm.name));
  console.log(
    `\n| way | main-thread CPU vs none (median, IQR) | main-thread tasks (wall) vs none | heap vs none | ` +
      `attributed by the trace (CPU) | of which: script / style+layout / paint / GC | button seen |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const [index, way] of ways.entries()) {
    const difference = differences[index]!;
    const summary = summaries[index + 1]!;
    const part = (value: { median: number }) => value.median.toFixed(1);
    console.log(
      `| ${way}: ${FLOOR_WAYS[way].description} | ${formatSpread(difference.threadMs, 'ms')} | ${formatSpread(difference.taskMs, 'ms')} | ` +
        `${formatSpread(difference.heapKb, 'KB', 0)} | ${formatSpread(summary.attributedMs, 'ms')} | ` +
        `${part(summary.extensionScriptMs)} / ${part(summary.styleLayoutAfterMs)} / ${part(summary.paintAfterMs)} / ${part(summary.gcAfterMs)} ms | ` +
        `${summary.buttonShown}/${summary.loads} |`,
    );
  }
  console.log(`\nnone: ${summaries[0]!.threadMs.median.toFixed(1)} ms CPU, ${summaries[0]!.taskMs.median.toFixed(1)} ms tasks, ${summaries[0]!.heapKb.median.toFixed(0)} KB; load at end ${machine.loadAverageAtEnd.join(' ')}`);
  const out = join(import.meta.dirname, 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, process.env['FLOOR_OUT'] ?? 'floor-experiment.json'), `${JSON.stringify({ machine, page: page.name, rounds, windowMs, differences, summaries, samples: all }, null, 2)}\n`);
} finally {
  await api.close();
}
process.exit(0);
