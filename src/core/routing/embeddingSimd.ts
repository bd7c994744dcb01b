/**
 * The embedding bag's sums in WebAssembly SIMD, for the hot loop of the learned router: sixteen
 * hidden units at a time (then eight, where eight are left), two per f64x2 lane pair, each unit's sum adding `weight × value` feature
 * by feature in order — the same IEEE products and sums as the JavaScript loop (WebAssembly neither
 * fuses a multiply into an add nor reorders), so the scores are the same to the last bit (see
 * test/unit/routingGolden.test.ts, which compares both against the plain definition). Where
 * WebAssembly SIMD is missing, `simdEmbedding` returns undefined and the JavaScript loop runs.
 *
 * The module, written out (one function; the weights, the features and the sums in one memory):
 *
 *   (func $embed (param $indices $values $count $weights $size $units i32)
 *     (loop over $j from 0 while $j + 16 <= $size, by 16 (then once more for eight, if eight are left)
 *       $a0..$a7 = 0 (eight f64x2: units $j..$j+15)
 *       (loop over $i from 0 below $count
 *         $v = f64x2.splat (f64.load $values[$i])
 *         $x = v128.load ($weights + $indices[$i] * $size + $j)        ;; sixteen int8
 *         for each eight of them (i16x8.extend_low/high_i8x16_s $x), each four of those
 *         (i32x4.extend_low/high_i16x8_s), each two (f64x2.convert_low_i32x4_s, after an
 *         i8x16.shuffle for the upper two):  $a += converted × $v   (f64x2.mul, f64x2.add))
 *       v128.store $units[$j + 2k] $ak))
 */

/** Little-endian base-128 of an unsigned integer. */
function leb(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}

const simd = (op: number): number[] => [0xfd, ...leb(op)];
const OP = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (depth: number) => [0x0c, depth],
  brIf: (depth: number) => [0x0d, depth],
  get: (local: number) => [0x20, local],
  set: (local: number) => [0x21, local],
  /** Small constants only (below 64, where signed and unsigned LEB128 agree). */
  i32Const: (value: number) => [0x41, ...leb(value)],
  i32Load: [0x28, 2, 0],
  f64Load: [0x2b, 3, 0],
  i32GeU: [0x4f],
  i32GtU: [0x4b],
  i32Add: [0x6a],
  i32Mul: [0x6c],
  i32Shl: [0x74],
  v128Load: [...simd(0), 0, 0],
  /** Eight int8, each sign-extended to an i16 lane. */
  v128Load8x8: [...simd(1), 0, 0],
  v128Store: (offset: number) => [...simd(11), 0, ...leb(offset)],
  v128Zero: [...simd(12), ...new Array<number>(16).fill(0)],
  upperHalf: [...simd(13), 8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15],
  f64x2Splat: simd(20),
  i16x8FromLow8: simd(135),
  i16x8FromHigh8: simd(136),
  i32x4FromLow16: simd(167),
  i32x4FromHigh16: simd(168),
  f64x2Add: simd(240),
  f64x2Mul: simd(242),
  f64x2FromLow32: simd(254),
};

// Parameters 0-5, then the locals.
const [INDICES, VALUES, COUNT, WEIGHTS, SIZE, UNITS] = [0, 1, 2, 3, 4, 5];
const [J, I, V, X, LOW, HIGH, T] = [6, 7, 8, 9, 10, 11, 12];
const ACC = 13; // 13..20

function body(): number[] {
  const code: number[] = [];
  const emit = (...parts: Array<number | number[]>) => parts.forEach((part) => (Array.isArray(part) ? code.push(...part) : code.push(part)));
  // $a += f64x2.convert_low_i32x4_s($t, upper half first when asked) × $v
  const accumulate = (acc: number, upper: boolean) => emit(OP.get(acc), OP.get(T), ...(upper ? [OP.get(T), OP.upperHalf] : []), OP.f64x2FromLow32, OP.get(V), OP.f64x2Mul, OP.f64x2Add, OP.set(acc));
  // Units $j to $j + width (16 or 8) over every feature, then $j += width; the caller loops or not.
  const block = (width: 16 | 8) => {
    const halves = width / 8;
    for (let k = 0; k < 2 * halves * 2; k++) emit(OP.v128Zero, OP.set(ACC + k));
    emit(OP.i32Const(0), OP.set(I), OP.block, OP.loop);
    emit(OP.get(I), OP.get(COUNT), OP.i32GeU, OP.brIf(1));
    emit(OP.get(VALUES), OP.get(I), OP.i32Const(3), OP.i32Shl, OP.i32Add, OP.f64Load, OP.f64x2Splat, OP.set(V));
    emit(OP.get(WEIGHTS), OP.get(INDICES), OP.get(I), OP.i32Const(2), OP.i32Shl, OP.i32Add, OP.i32Load, OP.get(SIZE), OP.i32Mul, OP.i32Add, OP.get(J), OP.i32Add);
    if (width === 16) emit(OP.v128Load, OP.set(X), OP.get(X), OP.i16x8FromLow8, OP.set(LOW), OP.get(X), OP.i16x8FromHigh8, OP.set(HIGH));
    else emit(OP.v128Load8x8, OP.set(LOW));
    [LOW, HIGH].slice(0, halves).forEach((half, h) => {
      emit(OP.get(half), OP.i32x4FromLow16, OP.set(T));
      accumulate(ACC + 4 * h, false);
      accumulate(ACC + 4 * h + 1, true);
      emit(OP.get(half), OP.i32x4FromHigh16, OP.set(T));
      accumulate(ACC + 4 * h + 2, false);
      accumulate(ACC + 4 * h + 3, true);
    });
    emit(OP.get(I), OP.i32Const(1), OP.i32Add, OP.set(I), OP.br(0), OP.end, OP.end);
    for (let k = 0; k < 2 * halves * 2; k++) emit(OP.get(UNITS), OP.get(J), OP.i32Const(3), OP.i32Shl, OP.i32Add, OP.get(ACC + k), OP.v128Store(16 * k));
    emit(OP.get(J), OP.i32Const(width), OP.i32Add, OP.set(J));
  };
  // Sixteen units at a time while there are sixteen, then eight once if there are eight.
  emit(OP.i32Const(0), OP.set(J), OP.block, OP.loop);
  emit(OP.get(J), OP.i32Const(16), OP.i32Add, OP.get(SIZE), OP.i32GtU, OP.brIf(1));
  block(16);
  emit(OP.br(0), OP.end, OP.end);
  emit(OP.block, OP.get(J), OP.i32Const(8), OP.i32Add, OP.get(SIZE), OP.i32GtU, OP.brIf(0));
  block(8);
  emit(OP.end, OP.end);
  // Locals: two i32 ($j $i), fifteen v128 ($v $x $low $high $t $a0..$a7).
  const locals = [2, 2, 0x7f, 15, 0x7b];
  return [...leb(locals.length + code.length), ...locals, ...code];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb(content.length), ...content];
}

const name = (text: string): number[] => [text.length, ...Array.from(text, (char) => char.charCodeAt(0))];

function moduleBytes(): Uint8Array {
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [1, 0x60, 6, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name('embed'), 0x00, 0]),
    ...section(10, [1, ...body()]),
  ]);
}

type Embed = (indices: number, values: number, count: number, weights: number, size: number, units: number) => void;

/** The few parts of the WebAssembly API used here (core compiles without the DOM's types, which declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: { env: { memory: WasmMemory } }) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;

function compiledModule(): object | undefined {
  if (compiled === undefined) {
    try {
      const bytes = moduleBytes();
      compiled = wasm !== undefined && wasm.validate(bytes) ? new wasm.Module(bytes) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled ?? undefined;
}

/** Sums of the embedding bag over `indices` and `values` for the units 0 to `upTo` (a multiple of 8), into `units`. */
export interface SimdEmbedding {
  readonly upTo: number;
  sum(indices: Int32Array, values: Float64Array, units: Float64Array): void;
}

const PAGE = 65536;
const instances = new WeakMap<Int8Array, SimdEmbedding | null>();

/**
 * The SIMD sums for one model's weights (`size` int8 per bucket), set up on first use: the weights
 * are copied once into the module's memory (a model's weights never change once decoded or
 * quantized), the features on each call. Undefined without SIMD or for fewer than eight units.
 */
export function simdEmbedding(weights: Int8Array, size: number): SimdEmbedding | undefined {
  let known = instances.get(weights);
  if (known === undefined) {
    known = size < 8 ? null : instantiate(weights, size);
    instances.set(weights, known);
  }
  return known ?? undefined;
}

function instantiate(weights: Int8Array, size: number): SimdEmbedding | null {
  const module = compiledModule();
  if (module === undefined || wasm === undefined) return null;
  const unitsAt = Math.ceil(weights.length / 16) * 16;
  const valuesAt = unitsAt + Math.ceil((size * 8) / 16) * 16;
  let capacity = 0;
  const memory = new wasm.Memory({ initial: Math.ceil(valuesAt / PAGE) + 1 });
  const embed = new wasm.Instance(module, { env: { memory } }).exports.embed as Embed;
  new Int8Array(memory.buffer, 0, weights.length).set(weights);
  let memoryValues = new Float64Array(0);
  let memoryIndices = new Int32Array(0);
  let memoryUnits = new Float64Array(0);
  const fit = (count: number): void => {
    if (count <= capacity && memoryUnits.buffer === memory.buffer) return;
    capacity = Math.max(count, capacity * 2, 1024);
    const end = valuesAt + capacity * 12;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    memoryUnits = new Float64Array(memory.buffer, unitsAt, size);
    memoryValues = new Float64Array(memory.buffer, valuesAt, capacity);
    memoryIndices = new Int32Array(memory.buffer, valuesAt + capacity * 8, capacity);
  };
  return {
    upTo: size - (size % 8),
    sum(indices, values, units) {
      const count = indices.length;
      fit(count);
      memoryIndices.set(indices);
      memoryValues.set(values);
      embed(memoryIndices.byteOffset, memoryValues.byteOffset, count, 0, size, unitsAt);
      units.set(memoryUnits.subarray(0, size - (size % 8)));
    },
  };
}
