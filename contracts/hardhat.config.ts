import { createRequire } from 'node:module'
import hardhatToolboxViem from '@nomicfoundation/hardhat-toolbox-viem'
import { defineConfig } from 'hardhat/config'

// This machine (and CI) cannot download compilers, so Hardhat uses the solc-js
// build that ships in the `solc` npm package instead of fetching a native solc.
const require = createRequire(import.meta.url)

export default defineConfig({
  plugins: [hardhatToolboxViem],
  solidity: {
    version: '0.8.30',
    path: require.resolve('solc/soljson.js'),
    settings: {
      // Cancun is the oldest fork with transient storage (EIP-1153), which the
      // reentrancy guard needs; it also keeps the bytecode deployable on every
      // chain zkVerify posts aggregations to.
      evmVersion: 'cancun',
      optimizer: { enabled: true, runs: 200 },
    },
  },
  paths: {
    sources: 'src',
    tests: { nodejs: 'test', solidity: 'test' },
  },
})
