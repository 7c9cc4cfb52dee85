/**
 * A feature's data is its own: the entity files in a feature's folder are the tables it owns, and
 * a module's TypeOrmModule.forFeature list names only entities of its own folder. Another
 * feature's rows are reached through that feature's service or named lookup.
 */
import { readdirSync, readFileSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';

const SRC = resolve(__dirname, '../../src');

/** The feature (top folder under src/) a file belongs to. */
function featureOf(file: string): string {
  return relative(SRC, file).split(/[\\/]/)[0];
}

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? moduleFiles(join(dir, d.name)) : d.name.endsWith('.module.ts') ? [join(dir, d.name)] : [],
  );
}

/** Entities named in a module's forFeature lists that live in another feature's folder. */
export function foreignEntities(file: string, text: string): { entity: string; owner: string }[] {
  const imports = new Map<string, string>();
  for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)) {
    for (const name of m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean)) imports.set(name, m[2]);
  }
  const out: { entity: string; owner: string }[] = [];
  for (const m of text.matchAll(/TypeOrmModule\.forFeature\(\s*\[([^\]]*)\]/g)) {
    for (const entity of m[1].split(',').map((n) => n.trim()).filter(Boolean)) {
      const from = imports.get(entity);
      if (!from) throw new Error(`${relative(SRC, file)}: ${entity} in forFeature is not imported by name`);
      const owner = from.startsWith('.') ? featureOf(resolve(dirname(file), from)) : from;
      if (owner !== featureOf(file)) out.push({ entity, owner });
    }
  }
  return out;
}

describe('feature ownership of the tables', () => {
  it('every module lists in forFeature only the entities of its own feature folder', () => {
    const files = moduleFiles(SRC);
    expect(files.length).toBeGreaterThan(10);
    const foreign = files.flatMap((f) =>
      foreignEntities(f, readFileSync(f, 'utf8')).map((x) => `${relative(SRC, f)} lists ${x.entity}, owned by ${x.owner}`),
    );
    expect(foreign).toEqual([]);
  });

  it('the check names an entity imported from another feature folder', () => {
    const file = join(SRC, 'judging', 'example.module.ts');
    const text = [
      "import { Panel } from './judging.entity';",
      "import { Account as A } from '../auth/account.entity';",
      '@Module({ imports: [TypeOrmModule.forFeature([Panel, A])] })',
    ].join('\n');
    expect(foreignEntities(file, text)).toEqual([{ entity: 'A', owner: 'auth' }]);
  });
});
