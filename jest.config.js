/** Unit and engine tests (n8n-core's own execution engine, in process). The real-n8n tests have their own config. */
module.exports = {
	testEnvironment: 'node',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', isolatedModules: true }],
	},
	testMatch: [
		'<rootDir>/test/unit/**/*.test.ts',
		'<rootDir>/test/engine/**/*.test.ts',
		'<rootDir>/test/emulator/**/*.test.ts',
	],
	setupFilesAfterEnv: ['<rootDir>/test/setup-env.ts'],
	testTimeout: 30000,
};
