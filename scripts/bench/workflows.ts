/**
 * Workflows of the node-overhead benchmark: Manual Trigger → Code (N items, each `{id: <job id>}`) → one node that
 * reads the job of every item, either our Get Job or n8n's HTTP Request node making the same `GET` with the same
 * credential (as a predefined credential type, so both send the api-key header through our credential's
 * `authenticate`). With `oneAtATime`, a Loop Over Items node (batch size 1) feeds the reader one item per run, so
 * both readers send their calls one after another (the HTTP Request node otherwise sends all of an input's calls at
 * once, ours always one after another).
 */
import { CREDENTIAL_TYPE, type WorkflowFixture } from '../../test/support/n8n';
import {
	azureNode,
	chain,
	getJobNode,
	manualTrigger,
	node,
	workflow,
	type CredentialRef,
} from '../../test/support/workflows';

/** Name of the measured node in both workflows (its run data carries the timing). */
export const MEASURED_NODE = 'Read Job';

/** Which node reads the job: ours (Get Job) or n8n's HTTP Request node. */
export type Reader = 'ours' | 'httpRequest';

export interface ReadJobWorkflowOptions {
	id: string;
	reader: Reader;
	credential: CredentialRef;
	/** Emulator base URL (the HTTP Request node needs the full URL; ours takes it from the credential). */
	endpoint: string;
	jobId: string;
	items: number;
	/** Loop Over Items with batch size 1 between Code and the reader: the reader runs once per item. */
	oneAtATime?: boolean;
}

/** Name of the loop node in the `oneAtATime` workflows. */
const LOOP_NODE = 'Loop';

/** The measured node: Get Job of our package, or HTTP Request `GET <endpoint>/openai/v1/fine_tuning/jobs/<id>`. */
function readerNode(opts: ReadJobWorkflowOptions): Record<string, unknown> {
	const id = 'e1000000-0000-4000-8000-000000000003';
	if (opts.reader === 'ours') return getJobNode(id, 480, opts.credential, MEASURED_NODE);
	const parameters = {
		method: 'GET',
		url: `=${opts.endpoint}/openai/v1/fine_tuning/jobs/{{ $json.id }}`,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: CREDENTIAL_TYPE,
		options: {},
	};
	return {
		...azureNode(id, MEASURED_NODE, 480, opts.credential, parameters, 'n8n-nodes-base.httpRequest'),
		typeVersion: 4.2,
	};
}

/**
 * Manual Trigger → Code (`items` copies of `{id: jobId}`) → the reader node; with `oneAtATime`, Code → Loop Over
 * Items (batch size 1) → the reader → back to the loop.
 */
export function readJobWorkflow(opts: ReadJobWorkflowOptions): WorkflowFixture {
	const jsCode = `return Array.from({ length: ${opts.items} }, () => ({ json: { id: ${JSON.stringify(opts.jobId)} } }));`;
	const to = (name: string) => ({ node: name, type: 'main', index: 0 });
	const loop = node(
		'e1000000-0000-4000-8000-000000000004',
		LOOP_NODE,
		'n8n-nodes-base.splitInBatches',
		360,
		{ batchSize: 1, options: {} },
		{ typeVersion: 3 },
	);
	return workflow(
		opts.id,
		`Bench: ${opts.items} × Get Job (${opts.reader}${opts.oneAtATime ? ', one at a time' : ''})`,
		[
			manualTrigger('e1000000-0000-4000-8000-000000000001', 'Start'),
			node(
				'e1000000-0000-4000-8000-000000000002',
				'Items',
				'n8n-nodes-base.code',
				240,
				{ jsCode },
				{ typeVersion: 2 },
			),
			...(opts.oneAtATime ? [loop] : []),
			readerNode(opts),
		],
		opts.oneAtATime
			? {
					...chain('Start', 'Items', LOOP_NODE),
					// Loop Over Items: output 0 is "done", output 1 "loop".
					[LOOP_NODE]: { main: [[], [to(MEASURED_NODE)]] },
					[MEASURED_NODE]: { main: [[to(LOOP_NODE)]] },
				}
			: chain('Start', 'Items', MEASURED_NODE),
	);
}

/** Name of the measured node in the large-file workflows. */
export const LARGE_FILE_NODE = 'Measured';

/** What the large-file workflows do after reading the file: nothing (the control run), or the measured node. */
export type LargeFileStep =
	'readOnly' | 'oursUpload' | 'oursUploadChecked' | 'oursCheck' | 'httpUpload';

export interface LargeFileWorkflowOptions {
	id: string;
	step: LargeFileStep;
	credential: CredentialRef;
	/** Emulator base URL (the HTTP Request node needs the full URL). */
	endpoint: string;
	/** Absolute path of the JSONL file; its folder must be in N8N_RESTRICT_FILE_ACCESS_TO. */
	filePath: string;
}

/** The node after Read Files from Disk: ours (Upload, Upload with its check, Check), HTTP Request, or a No Op. */
function largeFileNode(opts: LargeFileWorkflowOptions): Record<string, unknown> {
	const id = 'e2000000-0000-4000-8000-000000000003';
	const upload = (checkTrainingData: boolean) =>
		azureNode(id, LARGE_FILE_NODE, 480, opts.credential, {
			resource: 'file',
			operation: 'upload',
			binaryPropertyName: 'data',
			purpose: 'fine-tune',
			trainingMethod: 'supervised',
			options: { checkTrainingData, waitUntilProcessed: false },
		});
	switch (opts.step) {
		case 'readOnly':
			return node(id, LARGE_FILE_NODE, 'n8n-nodes-base.noOp', 480);
		case 'oursUpload':
			return upload(false);
		case 'oursUploadChecked':
			return upload(true);
		case 'oursCheck':
			return azureNode(id, LARGE_FILE_NODE, 480, opts.credential, {
				resource: 'file',
				operation: 'check',
				binaryPropertyName: 'data',
				trainingMethod: 'supervised',
			});
		case 'httpUpload': {
			// The same multipart upload as ours: `purpose` and the binary as part `file` (with the file's name and type).
			const parameters = {
				method: 'POST',
				url: `${opts.endpoint}/openai/v1/files`,
				authentication: 'predefinedCredentialType',
				nodeCredentialType: CREDENTIAL_TYPE,
				sendBody: true,
				contentType: 'multipart-form-data',
				bodyParameters: {
					parameters: [
						{ name: 'purpose', value: 'fine-tune' },
						{ parameterType: 'formBinaryData', name: 'file', inputDataFieldName: 'data' },
					],
				},
				options: {},
			};
			return {
				...azureNode(
					id,
					LARGE_FILE_NODE,
					480,
					opts.credential,
					parameters,
					'n8n-nodes-base.httpRequest',
				),
				typeVersion: 4.2,
			};
		}
	}
}

/** Manual Trigger → Read Files from Disk (the JSONL file as binary `data`) → the step's node. */
export function largeFileWorkflow(opts: LargeFileWorkflowOptions): WorkflowFixture {
	return workflow(
		opts.id,
		`Bench: large file (${opts.step})`,
		[
			manualTrigger('e2000000-0000-4000-8000-000000000001', 'Start'),
			node(
				'e2000000-0000-4000-8000-000000000002',
				'Read File',
				'n8n-nodes-base.readWriteFile',
				240,
				{
					operation: 'read',
					fileSelector: opts.filePath.split('\\').join('/'),
					options: {},
				},
			),
			largeFileNode(opts),
		],
		chain('Start', 'Read File', LARGE_FILE_NODE),
	);
}
