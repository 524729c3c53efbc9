import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.ts';

const ENTRY = resolve(ROOT, 'src/client/index.ts');

/** The files `mockgram/client` loads at run time: imports and re-exports that are not type-only, followed. */
function runtimeGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (graph.has(file)) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const specifiers: string[] = [];
    for (const statement of source.statements) {
      if (
        ts.isImportDeclaration(statement) &&
        statement.importClause?.phaseModifier !== ts.SyntaxKind.TypeKeyword
      ) {
        const named = statement.importClause?.namedBindings;
        const onlyTypes =
          named !== undefined &&
          ts.isNamedImports(named) &&
          statement.importClause?.name === undefined &&
          named.elements.length > 0 &&
          named.elements.every((element) => element.isTypeOnly);
        if (!onlyTypes && ts.isStringLiteral(statement.moduleSpecifier))
          specifiers.push(statement.moduleSpecifier.text);
      }
      if (
        ts.isExportDeclaration(statement) &&
        !statement.isTypeOnly &&
        statement.moduleSpecifier !== undefined &&
        ts.isStringLiteral(statement.moduleSpecifier) &&
        !(
          statement.exportClause !== undefined &&
          ts.isNamedExports(statement.exportClause) &&
          statement.exportClause.elements.every((element) => element.isTypeOnly)
        )
      )
        specifiers.push(statement.moduleSpecifier.text);
    }
    graph.set(file, specifiers);
    for (const specifier of specifiers)
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
  }
  return graph;
}

describe('mockgram/client', () => {
  const graph = runtimeGraph(ENTRY);

  it('loads only its own files and the shared error registry: no node: module, no package', () => {
    const imports = [...graph.values()].flat();
    expect(imports.filter((specifier) => !specifier.startsWith('.'))).toEqual([]);
    expect([...graph.keys()].map((file) => relative(ROOT, file)).sort()).toEqual([
      'src/client/MockClientError.ts',
      'src/client/connectMock.ts',
      'src/client/index.ts',
      'src/client/readCoverageReport.ts',
      'src/errors.ts',
    ]);
  });

  it('uses no Node global a browser lacks', () => {
    for (const file of graph.keys()) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(ROOT, file)).not.toMatch(/\b(process|Buffer|require|__dirname)\b[.(]/);
    }
  });

  it('is a package export built from src/client/index.ts', () => {
    const manifest: unknown = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      exports: { './client': { types: './dist/client/index.d.ts', default: './dist/client/index.js' } },
    });
    const build: unknown = JSON.parse(readFileSync(resolve(ROOT, 'tsconfig.build.json'), 'utf8'));
    expect(build).toMatchObject({ compilerOptions: { rootDir: 'src', outDir: 'dist' } });
  });
});
