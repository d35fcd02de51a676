// Reads a Fountain file with fountain-js (an independent parser) and checks that it finds the same dialogue
// blocks, in the same order, by the same speakers, as the JSON written by the same run.
// usage: node check.mjs SCENE.fountain SCENE.json
import { readFileSync } from 'node:fs';
import pkg from 'fountain-js';
const { Fountain } = pkg;

const [fountainFile, jsonFile] = process.argv.slice(2);
const parsed = new Fountain().parse(readFileSync(fountainFile, 'utf8'), true);
const speakers = parsed.tokens.filter(t => t.type === 'character')
  .map(t => t.text.replace(/^@/, '').trim());
const dialogue = parsed.tokens.filter(t => t.type === 'dialogue').length;
const json = JSON.parse(readFileSync(jsonFile, 'utf8'));
const expected = json.lines.map(l => l.cue);

const problems = [];
if (speakers.length !== expected.length) problems.push(`fountain-js found ${speakers.length} cues, JSON has ${expected.length} lines`);
if (dialogue !== expected.length) problems.push(`fountain-js found ${dialogue} dialogue paragraphs, JSON has ${expected.length} lines`);
expected.forEach((cue, i) => {
  if (speakers[i] !== cue) problems.push(`line ${i + 1}: fountain-js reads speaker '${speakers[i]}', JSON says '${cue}'`);
});
const title = parsed.title;
if (!title) problems.push('no title page');
if (problems.length) {
  console.error(problems.slice(0, 10).join('\n'));
  process.exit(1);
}
console.log(`fountain-js: ${expected.length} dialogue blocks by ${new Set(expected).size} speakers, as in the JSON (title: ${title})`);
