// What the web console reads from the API, by type: every answer it asks its client for (`Api.get`,
// `Api.post`, `allPages` of services/console/src/lib/api.ts) must be a shape of the generated
// types (src/api/schema.d.ts), so a change of the API's shapes fails the console's type check.
import * as path from 'node:path';
import * as ts from 'typescript';
import { CONSOLE_TYPES_FILE, ROOT } from './render';

const CONSOLE = path.join(ROOT, 'services/console');
const CLIENT_FILE = path.join(CONSOLE, 'src/lib/api.ts');
const GENERATED_FILE = path.join(ROOT, CONSOLE_TYPES_FILE);
/** The client's calls that answer JSON (its `file` answers a download). */
const JSON_CALLS = new Set(['get', 'post', 'allPages']);

/** A hand-written shape the console reads an answer as. */
export interface HandWrittenShape {
  /** Repository path of the call, e.g. `services/console/src/pages/fund-page.tsx`. */
  readonly file: string;
  /** The shape as TypeScript prints it, e.g. `{ items: Fund[]; }`. */
  readonly shape: string;
}

const SCALAR =
  ts.TypeFlags.Any |
  ts.TypeFlags.Unknown |
  ts.TypeFlags.StringLike |
  ts.TypeFlags.NumberLike |
  ts.TypeFlags.BooleanLike |
  ts.TypeFlags.BigIntLike |
  ts.TypeFlags.Null |
  ts.TypeFlags.Undefined |
  ts.TypeFlags.Void |
  ts.TypeFlags.Never |
  ts.TypeFlags.TypeParameter;

const declaredIn = (symbol: ts.Symbol | undefined, file: string): boolean =>
  (symbol?.declarations ?? []).some((d) => path.resolve(d.getSourceFile().fileName) === file);

/** The parts of `type` that are not generated: object shapes declared outside schema.d.ts. */
function handWrittenParts(checker: ts.TypeChecker, type: ts.Type, seen = new Set<ts.Type>()) {
  const found: ts.Type[] = [];
  const visit = (t: ts.Type) => {
    if (seen.has(t)) return;
    seen.add(t);
    if ((t.flags & SCALAR) !== 0) return;
    if (t.isUnionOrIntersection()) return t.types.forEach(visit);
    if (checker.isArrayType(t) || checker.isTupleType(t))
      return checker.getTypeArguments(t as ts.TypeReference).forEach(visit);
    if (declaredIn(t.getSymbol(), GENERATED_FILE)) return;
    // `Page<T>` is the one paging contract: `{ items: T[]; nextCursor }` of a generated T.
    const generic = t.aliasSymbol ?? t.getSymbol();
    if (generic?.name === 'Page' && declaredIn(generic, CLIENT_FILE)) {
      const args = t.aliasTypeArguments ?? checker.getTypeArguments(t as ts.TypeReference) ?? [];
      return args.forEach(visit);
    }
    found.push(t);
  };
  visit(type);
  return found;
}

/** Every answer shape the console's calls of its API client use that is not generated. */
export function consoleHandWrittenShapes(): HandWrittenShape[] {
  const configFile = path.join(CONSOLE, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error(`cannot read ${configFile}`);
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const shapes: HandWrittenShape[] = [];
  for (const source of program.getSourceFiles()) {
    const file = path.resolve(source.fileName);
    if (!file.startsWith(path.join(CONSOLE, 'src')) || file === GENERATED_FILE) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const signature = checker.getResolvedSignature(node);
        const declaration = signature?.getDeclaration();
        const name = declaration?.name?.getText();
        if (
          signature !== undefined &&
          declaration !== undefined &&
          path.resolve(declaration.getSourceFile().fileName) === CLIENT_FILE &&
          name !== undefined &&
          JSON_CALLS.has(name)
        ) {
          const answer = checker.getAwaitedType(signature.getReturnType());
          for (const part of answer === undefined ? [] : handWrittenParts(checker, answer))
            shapes.push({
              file: path.relative(ROOT, file),
              shape: checker.typeToString(part, undefined, ts.TypeFormatFlags.NoTruncation),
            });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return shapes;
}

/** Interfaces declared in the console's API types module (it should only alias generated ones). */
export function interfacesOf(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    ts.sys.readFile(path.join(ROOT, file)) ?? '',
    ts.ScriptTarget.ES2022,
    true,
  );
  return source.statements
    .filter((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s))
    .map((s) => s.name.text);
}
