// What each benchmark frame shows (format, payload, condition, size): pure data shared by the runner and the page.

export type CodeFormat = 'qr' | 'aztec' | 'pdf417' | 'code128';
export type EcLevel = 'L' | 'M' | 'Q' | 'H';

export const CONDITIONS = [
  'clean',
  'rotated15',
  'rotated45',
  'rotated90',
  'perspective',
  'blurred',
  'lowContrast',
  'glare',
  'inverted',
  'small',
  'noisy',
  'phoneScreen',
] as const;
export type Condition = (typeof CONDITIONS)[number];

export const FORMATS: readonly CodeFormat[] = ['qr', 'aztec', 'pdf417', 'code128'];

export interface FrameSize {
  label: '480p' | '720p';
  width: number;
  height: number;
}

export const SIZES: readonly FrameSize[] = [
  { label: '480p', width: 640, height: 480 },
  { label: '720p', width: 1280, height: 720 },
];

export interface FrameSpec {
  id: string;
  width: number;
  height: number;
  sizeLabel: FrameSize['label'];
  /** null: an empty scene, no code in view. */
  code: { format: CodeFormat; text: string; ecLevel: EcLevel } | null;
  condition: Condition;
  seed: number;
}

export const SEED_TICKET_ID = '627e095671209038d339a182.627cb97471209027347177dc.2';
export const NUMERIC_TICKET_ID = '2148';
const PRINTED_REFERENCE = 'DMN-7930721728-176';

/** Two ticket-like payloads per format: a long one and a short numeric one. Code 128 carries a reference, not the 52-character id. */
const PAYLOADS: Readonly<Record<CodeFormat, readonly string[]>> = {
  qr: [SEED_TICKET_ID, NUMERIC_TICKET_ID],
  aztec: [SEED_TICKET_ID, NUMERIC_TICKET_ID],
  pdf417: [SEED_TICKET_ID, NUMERIC_TICKET_ID],
  code128: [PRINTED_REFERENCE, NUMERIC_TICKET_ID],
};

const CORPUS_SEED = 20261124;

/** The success-rate corpus: every format x payload x condition x size, 192 frames. */
export function corpusSpecs(): FrameSpec[] {
  const specs: FrameSpec[] = [];
  for (const size of SIZES) {
    for (const format of FORMATS) {
      PAYLOADS[format].forEach((text, payloadIndex) => {
        for (const condition of CONDITIONS) {
          specs.push({
            id: `${size.label}/${format}/${payloadIndex}/${condition}`,
            width: size.width,
            height: size.height,
            sizeLabel: size.label,
            code: { format, text, ecLevel: 'M' },
            condition,
            seed: CORPUS_SEED + specs.length * 7919,
          });
        }
      });
    }
  }
  return specs;
}

/** Clean, upright QR frames (level M) of the given ticket ids, for decode timing; `null` texts give empty scenes. */
export function timingSpecs(size: FrameSize, texts: readonly (string | null)[], seed: number): FrameSpec[] {
  return texts.map((text, index) => ({
    id: `${size.label}/timing/${index}`,
    width: size.width,
    height: size.height,
    sizeLabel: size.label,
    code: text === null ? null : { format: 'qr', text, ecLevel: 'M' },
    condition: 'clean',
    seed: seed + index * 104729,
  }));
}
