import type { ReactNode } from 'react'
import { Link } from '../router/hashRouter.tsx'
import { paths, type Route } from '../router/routes.ts'
import { NetworkBanner } from './NetworkBanner.tsx'
import { WalletButton } from './WalletButton.tsx'

const NAV: Array<{ to: string; label: string; active: Array<Route['name']> }> = [
  { to: paths.market(), label: 'Marketplace', active: ['market', 'dataset'] },
  { to: paths.buy(), label: 'Buy a model', active: ['buy', 'job'] },
  { to: paths.feeds(), label: 'Feeds', active: ['feeds', 'feed', 'feedRequest', 'feedCertificate'] },
  { to: paths.models(), label: 'My models', active: ['models'] },
  { to: paths.vendor(), label: 'Sell data', active: ['vendor'] },
]

/** The frame around every page: header with navigation and wallet, network warning, footer. */
export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  return (
    <div className="app">
      <header className="header">
        <div className="header-inner">
          <Link to={paths.market()} className="brand">
            <img src="/favicon.svg" alt="" />
            Veritree
          </Link>
          <nav className="nav" aria-label="Main">
            {NAV.map((item) => (
              <Link
                key={item.to}
                to={item.to}
                aria-current={item.active.includes(route.name) ? 'page' : undefined}
              >
                {item.label}
              </Link>
            ))}
          </nav>
          <WalletButton />
        </div>
      </header>
      <NetworkBanner />
      <main className="main">{children}</main>
      <footer className="footer">
        Veritree — every model comes with a proof: RISC Zero receipt, zkVerify attestation, Hedera timestamp.
      </footer>
    </div>
  )
}
