/**
 * Rules for image parts (`{type: "image_url", image_url: {url, detail?}}`) of training examples, from Azure's vision
 * fine-tuning limits (docs/azure-api.md#files-and-training-data): JPEG, PNG or WEBP images, at most 10 MB each and 64
 * per example, at most 50,000 examples with images per file, none in assistant messages, `detail` one of `low`,
 * `high`, `auto`. Only what the file itself shows is checked: a data URL's declared type, first bytes and decoded
 * size; an http(s) URL's file extension (its size and content are not fetched).
 */
import { type JsonObject, type Problem, show } from './scope';

/** Azure's limits for images in training files (docs/azure-api.md#files-and-training-data). */
export const VISION_LIMITS = {
	/** Images in one example (one line). */
	imagesPerExample: 64,
	/** Bytes of one image (10 MB). */
	imageBytes: 10 * 1024 * 1024,
	/** Examples (lines) with at least one image in one training file. */
	examplesWithImages: 50_000,
} as const;

/** Values of `image_url.detail`. */
export const IMAGE_DETAILS: ReadonlySet<string> = new Set(['low', 'high', 'auto']);

/** Media types of data URLs Azure takes (`image/jpg` is not registered but common). */
const MEDIA_TYPES: ReadonlySet<string> = new Set([
	'image/jpeg',
	'image/jpg',
	'image/png',
	'image/webp',
]);

/** File extensions of images in formats Azure does not take; any other extension (or none) is not judged. */
const OTHER_IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
	'gif',
	'bmp',
	'tif',
	'tiff',
	'svg',
	'ico',
	'heic',
	'heif',
	'avif',
	'jxl',
]);

const ACCEPTED = 'JPEG, PNG and WEBP';

/** Base64 characters read to recognise a format: 16 decode to the 12 bytes that tell WEBP from other RIFF files. */
const SNIFF_CHARS = 16;

/**
 * Checks one `image_url` object. Problems start with the part of the path below the content part
 * (`.image_url.url …`), so callers prefix it.
 */
export function checkImageUrl(imageUrl: JsonObject): Problem {
	const { url, detail } = imageUrl;
	if (typeof url !== 'string') return `.image_url.url must be a string`;
	if (detail !== undefined && (typeof detail !== 'string' || !IMAGE_DETAILS.has(detail)))
		return `.image_url.detail must be one of low, high, auto, found ${show(detail)}`;
	const problem = url.startsWith('data:') ? checkDataUrl(url) : checkWebUrl(url);
	return problem && `.image_url.url ${problem}`;
}

/** `data:<type>;base64,<data>`: an accepted type, base64, content of an accepted format, at most 10 MB decoded. */
function checkDataUrl(url: string): Problem {
	const comma = url.indexOf(',');
	if (comma < 0) return `is a data URL without "," before its data`;
	const [mediaType, ...parameters] = url.slice('data:'.length, comma).toLowerCase().split(';');
	if (!MEDIA_TYPES.has(mediaType))
		return `is a data URL of type ${show(mediaType)}; Azure accepts ${ACCEPTED} images (image/jpeg, image/png, image/webp)`;
	if (!parameters.includes('base64'))
		return `must be base64-encoded: data:${mediaType};base64,<data>`;
	const data = url.length - comma - 1;
	if (data === 0) return `is a data URL without image data`;
	const padding = url.endsWith('==') ? 2 : url.endsWith('=') ? 1 : 0;
	const bytes = Math.floor((data * 3) / 4) - padding;
	if (bytes > VISION_LIMITS.imageBytes)
		return `holds a ${megabytes(bytes)} MB image; Azure takes images of at most ${megabytes(VISION_LIMITS.imageBytes)} MB`;
	const found = formatOf(Buffer.from(url.slice(comma + 1, comma + 1 + SNIFF_CHARS), 'base64'));
	if (!found.accepted)
		return `is declared ${mediaType} but holds ${found.name}; Azure accepts ${ACCEPTED} images`;
	return undefined;
}

/** An http(s) URL; a file extension of another image format is refused. */
function checkWebUrl(url: string): Problem {
	let parsed: URL | undefined;
	try {
		parsed = new URL(url);
	} catch {
		parsed = undefined;
	}
	if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:'))
		return `must be an http(s) URL or a data URL (data:image/png;base64,…), found ${show(url)}`;
	const name = parsed.pathname.slice(parsed.pathname.lastIndexOf('/') + 1);
	const dot = name.lastIndexOf('.');
	const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
	if (OTHER_IMAGE_EXTENSIONS.has(extension))
		return `links a .${extension} image; Azure accepts ${ACCEPTED} images`;
	return undefined;
}

/** The format the first bytes show. */
function formatOf(bytes: Buffer): { accepted: boolean; name: string } {
	const ascii = (from: number, to: number) => bytes.toString('latin1', from, to);
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
		return { accepted: true, name: 'JPEG' };
	if (bytes[0] === 0x89 && ascii(1, 4) === 'PNG') return { accepted: true, name: 'PNG' };
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return { accepted: true, name: 'WEBP' };
	if (ascii(0, 4) === 'GIF8') return { accepted: false, name: 'a GIF image' };
	if (ascii(0, 2) === 'BM') return { accepted: false, name: 'a BMP image' };
	if (ascii(0, 4) === 'II*\u0000' || ascii(0, 4) === 'MM\u0000*')
		return { accepted: false, name: 'a TIFF image' };
	return { accepted: false, name: 'data that is not a JPEG, PNG or WEBP image' };
}

function megabytes(bytes: number): string {
	return (bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '');
}
