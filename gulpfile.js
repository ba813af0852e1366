// Copies the static files tsc does not emit next to the compiled nodes and credentials: icons, codex .node.json files
// and the output schemas n8n's editor previews (nodes/<Node>/__schema__/**, written by `npm run generate:schemas`).
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = buildAssets;
