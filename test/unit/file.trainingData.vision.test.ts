/** Image parts of training examples (trainingData/vision.ts): Azure's vision fine-tuning limits, with line numbers. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	checkTrainingData,
	type TrainingDataReport,
	type TrainingMethod,
} from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData';
import { VISION_LIMITS } from '../../nodes/AzureAiFoundryFineTuning/actions/file/trainingData/vision';

const CHAT = readFileSync(join(__dirname, '../fixtures/training/chat-valid.jsonl'), 'utf8')
	.trimEnd()
	.split('\n');

/** The first bytes of each format (all the checker reads of a data URL's content). */
const MAGIC = {
	png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]),
	jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]),
	webp: Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x24, 0, 0, 0]), Buffer.from('WEBPVP8 ')]),
	gif: Buffer.from('GIF89a\u0001\u0000\u0001\u0000\u0080\u0000', 'latin1'),
};
const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
const image = (url: string, detail?: unknown) => ({
	type: 'image_url',
	image_url: detail === undefined ? { url } : { url, detail },
});
const PHOTO = 'https://kestrel.example/uploads/photo.jpg';

const user = (...parts: object[]) => ({
	role: 'user',
	content: [{ type: 'text', text: 'What is this?' }, ...parts],
});
const answer = (content: unknown = 'A fridge filter.') => ({ role: 'assistant', content });
const line = (...messages: object[]) => JSON.stringify({ messages });

/** CHAT with line 3 replaced by `text`. */
const file = (text: string) =>
	Buffer.from(`${CHAT.map((l, i) => (i === 2 ? text : l)).join('\n')}\n`);
const check = (text: string, method: TrainingMethod = 'supervised'): TrainingDataReport =>
	checkTrainingData(file(text), { method });
const problemOf = (text: string, method?: TrainingMethod) => {
	const report = check(text, method);
	expect(report.errorCount).toBe(1);
	expect(report.errors[0].line).toBe(3);
	return report.errors[0].message;
};

describe('checkTrainingData: images', () => {
	it.each([
		['an https JPEG URL', image(PHOTO)],
		['an http URL without extension', image('http://kestrel.example/img?id=4')],
		['an upper-case .PNG', image('https://kestrel.example/a/B.PNG', 'high')],
		['a PNG data URL with detail low', image(dataUrl('image/png', MAGIC.png), 'low')],
		['a JPEG data URL as image/jpg', image(dataUrl('image/jpg', MAGIC.jpeg), 'auto')],
		['a WEBP data URL, type in capitals', image(dataUrl('IMAGE/WEBP', MAGIC.webp))],
		['JPEG data declared as PNG (both accepted)', image(dataUrl('image/png', MAGIC.jpeg))],
	])('accepts %s', (_name, part) => {
		expect(check(line(user(part), answer())).errorCount).toBe(0);
	});

	it(`accepts ${VISION_LIMITS.imagesPerExample} images in one example, across messages, and refuses one more`, () => {
		const half = Array.from({ length: VISION_LIMITS.imagesPerExample / 2 }, () => image(PHOTO));
		expect(check(line(user(...half), answer(), user(...half), answer())).errorCount).toBe(0);
		expect(problemOf(line(user(...half), answer(), user(...half, image(PHOTO)), answer()))).toBe(
			'messages[2].content[33] is image 65 of this example; at most 64 images are allowed per example',
		);
	});

	it.each<[string, object, string]>([
		[
			'an image in an assistant message',
			{ messages: [user(image(PHOTO)), answer([image(PHOTO)])] },
			'messages[1].content[0] is an image; assistant messages cannot contain images (only the prompt can)',
		],
		[
			'a detail of "medium"',
			{ messages: [user(image(PHOTO, 'medium')), answer()] },
			'messages[0].content[1].image_url.detail must be one of low, high, auto, found "medium"',
		],
		[
			'a numeric detail',
			{ messages: [user(image(PHOTO, 2)), answer()] },
			'messages[0].content[1].image_url.detail must be one of low, high, auto, found 2',
		],
		[
			'a GIF data URL',
			{ messages: [user(image(dataUrl('image/gif', MAGIC.gif))), answer()] },
			'messages[0].content[1].image_url.url is a data URL of type "image/gif"; Azure accepts JPEG, PNG and WEBP images (image/jpeg, image/png, image/webp)',
		],
		[
			'GIF data declared as PNG',
			{ messages: [user(image(dataUrl('image/png', MAGIC.gif))), answer()] },
			'messages[0].content[1].image_url.url is declared image/png but holds a GIF image; Azure accepts JPEG, PNG and WEBP images',
		],
		[
			'text data declared as JPEG',
			{ messages: [user(image(dataUrl('image/jpeg', Buffer.from('hello world!')))), answer()] },
			'messages[0].content[1].image_url.url is declared image/jpeg but holds data that is not a JPEG, PNG or WEBP image; Azure accepts JPEG, PNG and WEBP images',
		],
		[
			'a data URL that is not base64',
			{ messages: [user(image('data:image/png,%89PNG')), answer()] },
			'messages[0].content[1].image_url.url must be base64-encoded: data:image/png;base64,<data>',
		],
		[
			'a data URL without data',
			{ messages: [user(image('data:image/png;base64,')), answer()] },
			'messages[0].content[1].image_url.url is a data URL without image data',
		],
		[
			'a data URL without a comma',
			{ messages: [user(image('data:image/png;base64')), answer()] },
			'messages[0].content[1].image_url.url is a data URL without "," before its data',
		],
		[
			'a .gif URL',
			{ messages: [user(image('https://kestrel.example/anim.GIF')), answer()] },
			'messages[0].content[1].image_url.url links a .gif image; Azure accepts JPEG, PNG and WEBP images',
		],
		[
			'a local file path',
			{ messages: [user(image('images/filter.jpg')), answer()] },
			'messages[0].content[1].image_url.url must be an http(s) URL or a data URL (data:image/png;base64,…), found "images/filter.jpg"',
		],
		[
			'a file: URL',
			{ messages: [user(image('file:///tmp/filter.jpg')), answer()] },
			'messages[0].content[1].image_url.url must be an http(s) URL or a data URL (data:image/png;base64,…), found "file:///tmp/filter.jpg"',
		],
	])('refuses %s, on its line', (_name, example, message) => {
		expect(problemOf(JSON.stringify(example))).toBe(message);
	});

	it('refuses an image in a DPO output, which holds assistant messages', () => {
		const example = {
			input: { messages: [user(image(PHOTO))] },
			preferred_output: [answer([image(PHOTO)])],
			non_preferred_output: [answer('No idea.')],
		};
		const lines = Array.from({ length: 10 }, () =>
			JSON.stringify({ ...example, preferred_output: [answer('A filter.')] }),
		);
		lines[6] = JSON.stringify(example);
		const report = checkTrainingData(Buffer.from(lines.join('\n')), { method: 'dpo' });
		expect(report.errors).toEqual([
			{
				line: 7,
				message:
					'preferred_output[0].content[0] is an image; assistant messages cannot contain images (only the prompt can)',
			},
		]);
	});

	it('accepts an image of exactly 10 MB in a data URL and refuses a bigger one', () => {
		const limit = VISION_LIMITS.imageBytes;
		const exactly = Buffer.alloc(limit);
		MAGIC.png.copy(exactly);
		expect(check(line(user(image(dataUrl('image/png', exactly))), answer())).errorCount).toBe(0);
		const bigger = Buffer.alloc(limit + 1);
		MAGIC.png.copy(bigger);
		expect(problemOf(line(user(image(dataUrl('image/png', bigger))), answer()))).toBe(
			'messages[0].content[1].image_url.url holds a 10 MB image; Azure takes images of at most 10 MB',
		);
		const much = Buffer.alloc(Math.round(12.34 * 1024 * 1024));
		MAGIC.jpeg.copy(much);
		expect(problemOf(line(user(image(dataUrl('image/jpeg', much))), answer()))).toMatch(
			/holds a 12\.3 MB image/,
		);
	});

	it(`refuses the example after ${VISION_LIMITS.examplesWithImages.toLocaleString('en-US')} with images, on its line`, () => {
		const withImage = line(user(image(dataUrl('image/png', MAGIC.png))), answer());
		const textOnly = line({ role: 'user', content: 'Hi' }, answer('Hello!'));
		const limit = VISION_LIMITS.examplesWithImages;
		const lines = [
			textOnly,
			...Array.from({ length: limit }, () => withImage),
			textOnly,
			withImage,
		];
		const report = checkTrainingData(Buffer.from(lines.join('\n')), { method: 'supervised' });
		expect(report.examples).toBe(limit + 3);
		expect(report.errors).toEqual([
			{
				line: limit + 3,
				message:
					'messages[0].content[1] is an image in example 50,001 with images; a training file may have at most 50,000 examples with images',
			},
		]);
	});
});
