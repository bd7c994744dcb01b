// What an OTLP/HTTP export carries, read back from either of its encodings into one plain shape:
// OTLP/JSON as the SDK writes it, and OTLP/protobuf read with a small wire-format reader and the
// field numbers of the OTLP protos (opentelemetry/proto/{metrics,trace,common,resource}/v1). Only
// the fields the fake's tests look at are read; others are skipped by their wire type.

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export interface MetricPoint {
  readonly attributes: Attributes;
  /** A sum's value; a histogram's sum. */
  readonly value: number;
  /** A histogram's count of recordings (1 for a sum). */
  readonly count: number;
}

export interface ReceivedMetric {
  readonly name: string;
  readonly unit: string;
  readonly kind: 'sum' | 'histogram' | 'other';
  readonly points: readonly MetricPoint[];
}

export interface ReceivedSpan {
  readonly name: string;
  /** 3 is CLIENT. */
  readonly kind: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly attributes: Attributes;
  /** 2 is ERROR. */
  readonly statusCode: number;
  readonly statusMessage: string;
}

export interface ReceivedExport {
  readonly resource: Attributes;
  readonly metrics: ReceivedMetric[];
  readonly spans: ReceivedSpan[];
}

// ---- protobuf -------------------------------------------------------------------------------

interface Field {
  readonly no: number;
  readonly wire: number;
  /** Varint and fixed values as bigint; length-delimited as bytes. */
  readonly int?: bigint;
  readonly bytes?: Uint8Array;
}

function fields(buf: Uint8Array): Field[] {
  const out: Field[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const fixed = (size: number): bigint => {
    let result = 0n;
    for (let i = size - 1; i >= 0; i--) result = (result << 8n) | BigInt(buf[pos + i]!);
    pos += size;
    return result;
  };
  while (pos < buf.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    const wire = tag & 7;
    if (wire === 0) out.push({ no, wire, int: varint() });
    else if (wire === 1) out.push({ no, wire, int: fixed(8) });
    else if (wire === 5) out.push({ no, wire, int: fixed(4) });
    else if (wire === 2) {
      const length = Number(varint());
      out.push({ no, wire, bytes: buf.subarray(pos, pos + length) });
      pos += length;
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
  }
  return out;
}

const text = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const double = (int: bigint | undefined) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, int ?? 0n, true);
  return view.getFloat64(0, true);
};
const nanosToMs = (int: bigint | undefined) => Number((int ?? 0n) / 1_000_000n);
const all = (list: Field[], no: number) => list.filter((f) => f.no === no);
const one = (list: Field[], no: number) => list.find((f) => f.no === no);

function protoAnyValue(bytes: Uint8Array): AttributeValue {
  const value = fields(bytes)[0];
  if (value === undefined) return '';
  if (value.no === 1) return text(value.bytes);
  if (value.no === 2) return value.int === 1n;
  if (value.no === 3) return Number(BigInt.asIntN(64, value.int ?? 0n));
  if (value.no === 4) return double(value.int);
  return `(unsupported AnyValue field ${value.no})`;
}

function protoAttributes(list: Field[], no: number): Attributes {
  const attributes: Attributes = {};
  for (const kv of all(list, no)) {
    const parts = fields(kv.bytes!);
    attributes[text(one(parts, 1)?.bytes)] = protoAnyValue(one(parts, 2)?.bytes ?? new Uint8Array());
  }
  return attributes;
}

function protoMetric(bytes: Uint8Array): ReceivedMetric {
  const metric = fields(bytes);
  const name = text(one(metric, 1)?.bytes);
  const unit = text(one(metric, 3)?.bytes);
  const sum = one(metric, 7);
  const histogram = one(metric, 9);
  if (sum) {
    const points = all(fields(sum.bytes!), 1).map((p) => {
      const point = fields(p.bytes!);
      const asDouble = one(point, 4);
      const asInt = one(point, 6);
      return { attributes: protoAttributes(point, 7), value: asDouble ? double(asDouble.int) : Number(BigInt.asIntN(64, asInt?.int ?? 0n)), count: 1 };
    });
    return { name, unit, kind: 'sum', points };
  }
  if (histogram) {
    const points = all(fields(histogram.bytes!), 1).map((p) => {
      const point = fields(p.bytes!);
      return { attributes: protoAttributes(point, 9), value: double(one(point, 5)?.int), count: Number(one(point, 4)?.int ?? 0n) };
    });
    return { name, unit, kind: 'histogram', points };
  }
  return { name, unit, kind: 'other', points: [] };
}

function protoSpan(bytes: Uint8Array): ReceivedSpan {
  const span = fields(bytes);
  const status = fields(one(span, 15)?.bytes ?? new Uint8Array());
  return {
    name: text(one(span, 5)?.bytes),
    kind: Number(one(span, 6)?.int ?? 0n),
    startMs: nanosToMs(one(span, 7)?.int),
    endMs: nanosToMs(one(span, 8)?.int),
    attributes: protoAttributes(span, 9),
    statusCode: Number(one(status, 3)?.int ?? 0n),
    statusMessage: text(one(status, 2)?.bytes),
  };
}

/** An ExportMetricsServiceRequest or ExportTraceServiceRequest in protobuf. */
export function decodeProtobuf(signal: 'metrics' | 'traces', body: Uint8Array): ReceivedExport {
  const received: ReceivedExport = { resource: {}, metrics: [], spans: [] };
  for (const resourceItem of all(fields(body), 1)) {
    const item = fields(resourceItem.bytes!);
    Object.assign(received.resource, protoAttributes(fields(one(item, 1)?.bytes ?? new Uint8Array()), 1));
    for (const scope of all(item, 2)) {
      for (const entry of all(fields(scope.bytes!), 2)) {
        if (signal === 'metrics') received.metrics.push(protoMetric(entry.bytes!));
        else received.spans.push(protoSpan(entry.bytes!));
      }
    }
  }
  return received;
}

// ---- JSON -----------------------------------------------------------------------------------

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
}
interface JsonKeyValue {
  key: string;
  value: JsonAnyValue;
}

function jsonAttributes(list: JsonKeyValue[] | undefined): Attributes {
  const attributes: Attributes = {};
  for (const { key, value } of list ?? []) {
    attributes[key] = value.stringValue ?? value.boolValue ?? (value.intValue !== undefined ? Number(value.intValue) : undefined) ?? value.doubleValue ?? '';
  }
  return attributes;
}

const jsonNanosToMs = (value: unknown) => (value === undefined ? 0 : Number(BigInt(String(value)) / 1_000_000n));

/* eslint-disable @typescript-eslint/no-explicit-any -- OTLP/JSON as parsed; each field read is named below */
/** An ExportMetricsServiceRequest or ExportTraceServiceRequest in OTLP/JSON. */
export function decodeJson(signal: 'metrics' | 'traces', body: string): ReceivedExport {
  const parsed = JSON.parse(body) as any;
  const received: ReceivedExport = { resource: {}, metrics: [], spans: [] };
  for (const item of (signal === 'metrics' ? parsed.resourceMetrics : parsed.resourceSpans) ?? []) {
    Object.assign(received.resource, jsonAttributes(item.resource?.attributes));
    for (const scope of (signal === 'metrics' ? item.scopeMetrics : item.scopeSpans) ?? []) {
      if (signal === 'metrics') {
        for (const metric of scope.metrics ?? []) {
          const kind = metric.sum ? 'sum' : metric.histogram ? 'histogram' : 'other';
          const points = (metric.sum?.dataPoints ?? metric.histogram?.dataPoints ?? []).map((point: any) => ({
            attributes: jsonAttributes(point.attributes),
            value: kind === 'sum' ? Number(point.asDouble ?? point.asInt ?? 0) : Number(point.sum ?? 0),
            count: kind === 'sum' ? 1 : Number(point.count ?? 0),
          }));
          received.metrics.push({ name: metric.name, unit: metric.unit ?? '', kind, points });
        }
      } else {
        for (const span of scope.spans ?? []) {
          received.spans.push({
            name: span.name,
            kind: Number(span.kind ?? 0),
            startMs: jsonNanosToMs(span.startTimeUnixNano),
            endMs: jsonNanosToMs(span.endTimeUnixNano),
            attributes: jsonAttributes(span.attributes),
            statusCode: Number(span.status?.code ?? 0),
            statusMessage: span.status?.message ?? '',
          });
        }
      }
    }
  }
  return received;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
