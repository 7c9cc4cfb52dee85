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

/** The source files under a folder (tests left out). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') && !d.name.endsWith('.spec.ts') ? [join(dir, d.name)] : [],
  );
}

/**
 * Another feature's entities used through TypeORM in a file: a repository of it, an injected
 * repository, or an entity manager's read or write of it (`em.find(Teacher, …)`).
 */
export function foreignRepositoryUses(file: string, text: string): string[] {
  const owners = new Map<string, string>();
  for (const m of text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*'([^']+\.entity)'/gm)) {
    const owner = featureOf(resolve(dirname(file), m[2]));
    for (const name of m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop()!).filter(Boolean)) owners.set(name, owner);
  }
  const out: string[] = [];
  const use = /(?:getRepository|InjectRepository|\.(?:find\w*|save|insert|update|delete|count\w*|exists\w*|createQueryBuilder|upsert|remove|increment|decrement))\(\s*([A-Z]\w*)/g;
  for (const m of text.matchAll(use)) {
    const owner = owners.get(m[1]);
    if (owner && owner !== featureOf(file) && !out.includes(`${m[1]} (${owner})`)) out.push(`${m[1]} (${owner})`);
  }
  return out;
}

describe('feature ownership of the tables', () => {
  it("no feature uses another feature's entity through TypeORM", () => {
    const found: string[] = [];
    for (const f of sourceFiles(SRC)) {
      if (f.endsWith('.entity.ts') || f.includes(`${join('database', 'migrations')}`)) continue;
      for (const u of foreignRepositoryUses(f, readFileSync(f, 'utf8'))) found.push(`${relative(SRC, f).split('\\').join('/')}: ${u}`);
    }
    expect(found).toEqual([]);
  });

  it('the check names a repository of another feature, and not one of its own feature or a type-only use', () => {
    const file = join(SRC, 'awards', 'example.ts');
    const text = [
      "import { Award } from './awards.entity';",
      "import { Teacher } from '../registry/teacher.entity';",
      "import type { School } from '../registry/school.entity';",
      'const a = em.getRepository(Award).find();',
      'const t = em.getRepository(Teacher).findBy({ id: 1 });',
      'const s: School = pick(schools);',
    ].join('\n');
    expect(foreignRepositoryUses(file, text)).toEqual(['Teacher (registry)']);
  });

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
