// The backend's README maps every folder; a folder added without a line there fails this test.
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { test } from 'node:test'

const here = new URL('.', import.meta.url)
const folders = (url: URL) =>
  readdirSync(url, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)

test('the backend and core READMEs name every source folder', () => {
  const backendReadme = readFileSync(new URL('../README.md', here), 'utf8')
  for (const name of folders(here))
    assert.ok(backendReadme.includes(`\`src/${name}/\``), `backend/README.md lacks src/${name}/`)
  const core = new URL('../core/src/', here)
  const coreReadme = readFileSync(new URL('../README.md', core), 'utf8')
  for (const name of folders(core))
    assert.ok(coreReadme.includes(`\`src/${name}/`), `backend/core/README.md lacks src/${name}/`)
})
