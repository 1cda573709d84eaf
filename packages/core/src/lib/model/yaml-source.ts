import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { SourceLocation } from '../errors';

export type ConfigPath = ReadonlyArray<string | number>;

/** A parsed YAML file that can map any config path back to file:line:column. */
export interface YamlSource {
  readonly file: string;
  readonly doc: Document;
  /** Position of the value at `path`; of the nearest existing parent when it does not exist. */
  locate(path: ConfigPath): SourceLocation;
  /** Position of the mapping key at `path` (falls back to `locate`). */
  locateKey(path: ConfigPath): SourceLocation;
  /** The scalar at `path` exactly as written (e.g. `3.10`, which YAML reads as the number 3.1). */
  scalarText(path: ConfigPath): string | undefined;
  /**
   * Position of character `offset` of the string value at `path` (e.g. a directive inside a
   * longer string); the value's own position when it cannot be mapped exactly (escapes, folding).
   */
  locateInString(path: ConfigPath, offset: number): SourceLocation;
  /** Position of a character offset in the text. */
  at(offset: number): SourceLocation;
}

export interface YamlSyntaxProblem {
  readonly code: 'NXS_YAML_SYNTAX' | 'NXS_YAML_UNSUPPORTED_TAG';
  readonly message: string;
  readonly hint: string;
  readonly location: SourceLocation;
}

export function parseYamlSource(text: string, file: string): { source: YamlSource; syntaxErrors: YamlSyntaxProblem[] } {
  const lineCounter = new LineCounter();
  // Duplicate keys are reported by our own walk (with their config path), not by the parser.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, merge: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const find = (path: ConfigPath): { node?: Node; keyNode?: Node; parent: Node | undefined } => {
    let node: Node | undefined = (doc.contents ?? undefined) as Node | undefined;
    let keyNode: Node | undefined;
    let parent: Node | undefined;
    for (const segment of path) {
      if (node && isAlias(node)) node = (node.resolve(doc) ?? undefined) as Node | undefined;
      parent = node;
      keyNode = undefined;
      if (isMap(node)) {
        const pair = [...node.items].reverse().find((p) => isPair(p) && keyText(p.key) === String(segment));
        keyNode = pair?.key as Node | undefined;
        node = (pair?.value ?? undefined) as Node | undefined;
        if (!pair) return { parent };
        if (!node) return { keyNode, parent };
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment] as Node | undefined;
        if (!node) return { parent };
      } else return { parent };
    }
    return { node, keyNode, parent };
  };
  const position = (n: Node | undefined): SourceLocation | undefined => (n?.range ? at(n.range[0]) : undefined);
  const source: YamlSource = {
    file,
    doc,
    at,
    locate(path) {
      const f = find(path);
      return position(f.node) ?? position(f.keyNode) ?? position(f.parent) ?? { file, line: 1, column: 1 };
    },
    scalarText(path) {
      const n = find(path).node;
      return isScalar(n) && typeof n.source === 'string' ? n.source : undefined;
    },
    locateInString(path, offset) {
      const n = find(path).node;
      if (!isScalar(n) || typeof n.value !== 'string' || !n.range || offset === 0) return source.locate(path);
      const raw = text.slice(n.range[0], n.range[1]);
      const probe = n.value.slice(offset, offset + 24);
      const first = raw.indexOf(probe);
      const unique = first >= 0 && raw.indexOf(probe, first + 1) < 0 && !raw.slice(0, first).includes('\n');
      return unique ? at(n.range[0] + first) : source.locate(path);
    },
    locateKey(path) {
      const f = find(path);
      return position(f.keyNode) ?? source.locate(path);
    },
  };
  const syntaxErrors: YamlSyntaxProblem[] = doc.errors.map((e) => ({
    code: 'NXS_YAML_SYNTAX',
    message: `YAML syntax error: ${e.message.split('\n')[0]}`,
    hint: 'Fix the YAML syntax (indentation, quotes, colons) at this position.',
    location: at(e.pos[0]),
  }));
  // An unknown tag (e.g. CloudFormation's short form `!Ref X`) would silently become a plain string.
  for (const w of doc.warnings) {
    if (w.code !== 'TAG_RESOLVE_FAILED') continue;
    syntaxErrors.push({ code: 'NXS_YAML_UNSUPPORTED_TAG', message: w.message.split('\n')[0], hint: UNKNOWN_TAG_HINT, location: at(w.pos[0]) });
  }
  return { source, syntaxErrors };
}

const UNKNOWN_TAG_HINT =
  "YAML tags such as CloudFormation's short forms (!Ref, !GetAtt, !Sub) are not supported; write the long form, e.g. { Ref: MyBucket } or { 'Fn::GetAtt': [MyBucket, Arn] }.";

export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

export interface DuplicateKey {
  readonly key: string;
  /** Config path of the mapping that holds the key twice. */
  readonly parentPath: ConfigPath;
  readonly location: SourceLocation;
  readonly firstLocation: SourceLocation;
}

/** Every key that appears more than once in the same mapping, anywhere in the document. */
export function findDuplicateKeys(source: YamlSource): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const loc = (n: Node): SourceLocation => (n.range ? source.at(n.range[0]) : source.locate([]));
  const visit = (node: unknown, path: ConfigPath): void => {
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        const k = keyText(pair.key);
        const prev = seen.get(k);
        if (prev && isScalar(pair.key)) found.push({ key: k, parentPath: path, location: loc(pair.key), firstLocation: loc(prev) });
        else if (isScalar(pair.key)) seen.set(k, pair.key);
        visit(pair.value, [...path, k]);
      }
    } else if (isSeq(node)) node.items.forEach((item, i) => visit(item, [...path, i]));
  };
  visit(source.doc.contents, []);
  return found;
}

