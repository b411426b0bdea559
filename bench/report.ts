// The human-readable side of the results: a markdown table of the figures, medians and p95 side by side, ratios to the baseline.
import { CONDITIONS, FORMATS } from './harness/corpusSpec.ts';
import type { BenchResultFile, Figures } from './figures.ts';

export interface ReportContext {
  browserVersion: string | null;
  available: string[];
  unavailable: Record<string, string>;
  baseline: string;
  corpusFrames: number;
  failures: string[];
}

const value = (figures: Figures, name: string) => figures[name]?.value;
const msText = (figures: Figures, name: string) => (value(figures, name) === undefined ? '–' : value(figures, name)!.toFixed(1));
const percentText = (figures: Figures, name: string) => (value(figures, name) === undefined ? '–' : `${Math.round(value(figures, name)! * 100)}%`);

/** Baseline time / engine time: how many times faster than the baseline (×1 for the baseline itself). */
function speedUp(figures: Figures, stat: 'median' | 'p95', set: string, engine: string, baseline: string): string {
  const ours = value(figures, `decode_${stat}_ms_${set}.${engine}`);
  const theirs = value(figures, `decode_${stat}_ms_${set}.${baseline}`);
  return ours === undefined || theirs === undefined ? '–' : `×${(theirs / ours).toFixed(2)}`;
}

function decodingShare(figures: Figures): string {
  const scanning = value(figures, 'idle_cpu_s_per_min');
  const cameraOnly = value(figures, 'idle_cpu_s_per_min.camera_only');
  return scanning === undefined || cameraOnly === undefined ? '–' : `${(scanning - cameraOnly).toFixed(2)} s/min`;
}

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map((_, index) => (index === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

export function renderMarkdown(result: BenchResultFile, context: ReportContext): string {
  const { figures } = result;
  const engines = context.available;
  const named = (engine: string) => (engine === context.baseline ? `${engine} (baseline)` : engine);
  const lines = [
    '# Scanning benchmarks',
    '',
    `${result.machine}; Chromium ${context.browserVersion ?? '?'} headless; ${result.date}. Written by \`npm run bench\` (bench/run.ts); the figures are in scan.json.`,
    '',
    '## Decode time per frame (ms; one `decode` call on an ImageData, main thread)',
    '',
    'Timing sets: 60 clean, upright QR codes (level M, demo ticket ids) per size, and 60 empty scenes per size (what an idle camera costs), each decoded twice per engine (120 samples). Speed-up = baseline time / engine time.',
    '',
    ...table(
      ['Engine', '720p QR median', '720p QR p95', 'speed-up median / p95', '480p QR median', '480p QR p95', 'empty 720p median', 'empty 720p p95', 'empty 480p median / p95', 'clean 720p QR read'],
      engines.map((engine) => [
        named(engine),
        msText(figures, `decode_median_ms_720p_qr.${engine}`),
        msText(figures, `decode_p95_ms_720p_qr.${engine}`),
        `${speedUp(figures, 'median', '720p_qr', engine, context.baseline)} / ${speedUp(figures, 'p95', '720p_qr', engine, context.baseline)}`,
        msText(figures, `decode_median_ms_480p_qr.${engine}`),
        msText(figures, `decode_p95_ms_480p_qr.${engine}`),
        msText(figures, `decode_median_ms_720p_empty.${engine}`),
        msText(figures, `decode_p95_ms_720p_empty.${engine}`),
        `${msText(figures, `decode_median_ms_480p_empty.${engine}`)} / ${msText(figures, `decode_p95_ms_480p_empty.${engine}`)}`,
        percentText(figures, `decode_success_rate_720p_qr.${engine}`),
      ]),
    ),
    '',
    `## Success rate on the corpus (${context.corpusFrames} frames: QR, Aztec, PDF417, Code 128 × 2 payloads × ${CONDITIONS.length} conditions × 640×480 and 1280×720)`,
    '',
    ...table(
      ['Frames', ...engines.map(named)],
      [
        ['**all**', ...engines.map((engine) => `**${percentText(figures, `success_rate.${engine}`)}**`)],
        ...CONDITIONS.map((condition) => [condition, ...engines.map((engine) => percentText(figures, `success_rate.${engine}.${condition}`))]),
        ...FORMATS.map((format) => [format, ...engines.map((engine) => percentText(figures, `success_rate.${engine}.${format}`))]),
        ['decode median / p95 (ms), whole corpus', ...engines.map((engine) => `${msText(figures, `decode_median_ms_corpus.${engine}`)} / ${msText(figures, `decode_p95_ms_corpus.${engine}`)}`)],
      ],
    ),
    '',
  ];
  const unavailable = Object.entries(context.unavailable);
  if (unavailable.length > 0) lines.push(`Unavailable here: ${unavailable.map(([engine, why]) => `${engine} (${why})`).join('; ')}.`, '');
  lines.push(
    '## Through the fake camera, against the app',
    '',
    'Ticket videos are 640×480 at 10 fps (frame to verdict: 20 tickets, 1 s each with 1 s between; burst: 50 tickets at 2 a second, first pass of the loop). Idle CPU: all Chromium processes, 30 s after a 6 s warm-up, camera on an empty room at 1280×720, 30 fps.',
    '',
    ...table(
      ['Figure', 'Value'],
      [
        ['frame to verdict, median', `${msText(figures, 'frame_to_verdict_median_ms')} ms`],
        ['frame to verdict, p95', `${msText(figures, 'frame_to_verdict_p95_ms')} ms (${value(figures, 'frame_to_verdict_samples') ?? '–'} verdicts)`],
        ['burst of 50 tickets at 2 a second', `${value(figures, 'burst_verdicts') ?? '–'} verdicts, ${value(figures, 'burst_missed') ?? '–'} missed, ${value(figures, 'burst_double') ?? '–'} counted twice`],
        ['CPU, scan screen on an empty scene', `${value(figures, 'idle_cpu_s_per_min')?.toFixed(2) ?? '–'} s/min`],
        ['CPU, camera only (no decoding)', `${value(figures, 'idle_cpu_s_per_min.camera_only')?.toFixed(2) ?? '–'} s/min`],
        ['CPU, the difference: scanning itself', decodingShare(figures)],
      ],
    ),
    '',
  );
  if (context.failures.length > 0) lines.push('## Did not run', '', ...context.failures.map((failure) => `- ${failure}`), '');
  return lines.join('\n');
}
