/**
 * Browser libraries the pages load, served by the service itself from node_modules (never from a
 * CDN: halls and bureau networks are often offline or filtered). A page refers to them as
 * `/vendor/<name>`; only the files named here are reachable.
 */
import { join } from 'path';

function moduleFile(pkg: string, file: string): string {
  return join(require.resolve(`${pkg}/package.json`), '..', file);
}

export const VENDOR_PREFIX = '/vendor/';

/** URL name under /vendor/ → absolute file path. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'echarts.min.js': moduleFile('echarts', 'dist/echarts.min.js'),
  'seedrandom.min.js': moduleFile('seedrandom', 'seedrandom.min.js'),
};
