/**
 * The arithmetic of a multi grader's `calculate_output` (docs/azure-api.md#graders): numbers, the sub-graders' keys,
 * `+ - * / ^` (power, right-associative), unary minus, parentheses and the functions `min max abs floor ceil exp
 * sqrt log` (natural log; `min`/`max` take one or more arguments). A small recursive-descent parser builds a tree
 * of closures; nothing is handed to `eval` or `Function`.
 */

/** A formula ready to evaluate with the sub-graders' scores by key. */
export type Formula = (scores: Readonly<Record<string, number>>) => number;

/** A formula that does not parse, or names a key or function that does not exist. */
export class FormulaError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'FormulaError';
	}
}

const FUNCTIONS: Readonly<
	Record<string, { arity: 1 | 'many'; apply: (...args: number[]) => number }>
> = {
	min: { arity: 'many', apply: Math.min },
	max: { arity: 'many', apply: Math.max },
	abs: { arity: 1, apply: Math.abs },
	floor: { arity: 1, apply: Math.floor },
	ceil: { arity: 1, apply: Math.ceil },
	exp: { arity: 1, apply: Math.exp },
	sqrt: { arity: 1, apply: Math.sqrt },
	log: { arity: 1, apply: Math.log },
};

type Token =
	| { kind: 'number'; value: number; at: number }
	| { kind: 'name'; value: string; at: number }
	| { kind: 'symbol'; value: string; at: number }
	| { kind: 'end'; at: number };

const NUMBER = /\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const SYMBOLS = new Set(['+', '-', '*', '/', '^', '(', ')', ',']);

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	let at = 0;
	while (at < text.length) {
		const char = text[at];
		if (/\s/.test(char)) {
			at++;
			continue;
		}
		NUMBER.lastIndex = NAME.lastIndex = at;
		const number = NUMBER.exec(text);
		const name = number ? null : NAME.exec(text);
		if (number) tokens.push({ kind: 'number', value: Number(number[0]), at });
		else if (name) tokens.push({ kind: 'name', value: name[0], at });
		else if (SYMBOLS.has(char)) tokens.push({ kind: 'symbol', value: char, at });
		else throw new FormulaError(`unexpected character "${char}" at position ${at + 1}`);
		at += number?.[0].length ?? name?.[0].length ?? 1;
	}
	tokens.push({ kind: 'end', at: text.length });
	return tokens;
}

/**
 * Parses `text` into a {@link Formula}.
 * @param keys the sub-graders' keys the formula may name
 * @throws FormulaError for empty text, a syntax error, an unknown key or function, or a wrong argument count
 */
export function parseFormula(text: string, keys: ReadonlySet<string>): Formula {
	const tokens = tokenize(text);
	let index = 0;
	const peek = () => tokens[index];
	const isSymbol = (value: string) => {
		const token = peek();
		return token.kind === 'symbol' && token.value === value;
	};
	const expect = (value: string) => {
		if (!isSymbol(value)) fail(`"${value}" expected`);
		index++;
	};
	const fail = (what: string): never => {
		const token = peek();
		const where = token.kind === 'end' ? 'at the end' : `at position ${token.at + 1}`;
		throw new FormulaError(`${what} ${where}`);
	};

	// sum := product (("+" | "-") product)*
	const sum = (): Formula => {
		let left = product();
		while (isSymbol('+') || isSymbol('-')) {
			const minus = (tokens[index++] as { value: string }).value === '-';
			const right = product();
			const l = left;
			left = minus ? (s) => l(s) - right(s) : (s) => l(s) + right(s);
		}
		return left;
	};
	// product := unary (("*" | "/") unary)*
	const product = (): Formula => {
		let left = unary();
		while (isSymbol('*') || isSymbol('/')) {
			const divide = (tokens[index++] as { value: string }).value === '/';
			const right = unary();
			const l = left;
			left = divide ? (s) => l(s) / right(s) : (s) => l(s) * right(s);
		}
		return left;
	};
	// unary := ("-" | "+") unary | power
	const unary = (): Formula => {
		if (isSymbol('-')) {
			index++;
			const operand = unary();
			return (s) => -operand(s);
		}
		if (isSymbol('+')) {
			index++;
			return unary();
		}
		return power();
	};
	// power := primary ("^" unary)?   (so 2^3^2 = 2^(3^2) and -2^2 = -(2^2))
	const power = (): Formula => {
		const base = primary();
		if (!isSymbol('^')) return base;
		index++;
		const exponent = unary();
		return (s) => base(s) ** exponent(s);
	};
	// primary := number | key | function "(" sum ("," sum)* ")" | "(" sum ")"
	const primary = (): Formula => {
		const token = peek();
		if (token.kind === 'number') {
			index++;
			return () => token.value;
		}
		if (isSymbol('(')) {
			index++;
			const inner = sum();
			expect(')');
			return inner;
		}
		if (token.kind !== 'name') return fail('a number, a grader key or "(" expected');
		index++;
		if (isSymbol('(')) return call(token.value, token.at);
		if (!keys.has(token.value)) {
			const known = [...keys].join(', ') || 'none';
			throw new FormulaError(`unknown grader key "${token.value}" (keys: ${known})`);
		}
		return (s) => s[token.value];
	};
	const call = (name: string, at: number): Formula => {
		const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
		if (!fn)
			throw new FormulaError(
				`unknown function "${name}" at position ${at + 1} (functions: ${Object.keys(FUNCTIONS).join(', ')})`,
			);
		index++; // "("
		const args = [sum()];
		while (isSymbol(',')) {
			index++;
			args.push(sum());
		}
		expect(')');
		if (fn.arity === 1 && args.length !== 1)
			throw new FormulaError(`${name}() takes one argument, got ${args.length}`);
		return (s) => fn.apply(...args.map((arg) => arg(s)));
	};

	if (peek().kind === 'end') throw new FormulaError('the formula is empty');
	const formula = sum();
	if (peek().kind !== 'end') fail('operator expected');
	return formula;
}
