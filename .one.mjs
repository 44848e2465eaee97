import { rolldown } from 'rolldown';
import { gzipSync } from 'node:zlib';
const [root, path] = process.argv.slice(2);
const bundle = await rolldown({ cwd: root, input: `${root}/${path}`, treeshake: true, logLevel: 'silent' });
const { output } = await bundle.generate({ format: 'esm', minify: true });
const code = output[0].code;
if (process.env.SHOW) console.log(code);
console.log(path, 'min', code.length, 'gzip', gzipSync(code, { level: 9 }).length);
