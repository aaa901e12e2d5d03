import { defineConfig } from 'hardhat/config'

// The local chain for `npm start` and the browser tests. Contracts are deployed from the bytecode that
// contracts/ generates, so this config needs no compiler. `initialDate` is pinned per data directory so
// that replaying the transaction journal after a restart reproduces every block at its original time.
const dataDir = process.env.VERITREE_DEVNET_DIR ?? '.'

export default defineConfig({
  paths: { artifacts: `${dataDir}/hh-artifacts`, cache: `${dataDir}/hh-cache` },
  networks: {
    node: {
      type: 'edr-simulated',
      chainType: 'l1',
      chainId: 31337,
      initialDate: process.env.VERITREE_GENESIS_DATE,
      allowBlocksWithSameTimestamp: true,
    },
  },
})
