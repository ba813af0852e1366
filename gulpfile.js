// Copies the static files the bundle does not carry next to the nodes' and credentials' entry files: icons, codex
// .node.json files and the output schemas n8n's editor previews (nodes/<Node>/__schema__/**, written by
// `npm run generate:schemas`). JSON is copied without its indentation (n8n only parses it; a smaller tarball).
const { Transform } = require('node:stream');
const { src, dest } = require('gulp');

const compactJson = () =>
	new Transform({
		objectMode: true,
		transform(file, _encoding, done) {
			if (file.extname === '.json')
				file.contents = Buffer.from(JSON.stringify(JSON.parse(file.contents.toString('utf8'))));
			done(null, file);
		},
	});

function buildAssets() {
	return src(['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	})
		.pipe(compactJson())
		.pipe(dest('dist'));
}

exports['build:assets'] = buildAssets;
