import { lazy, Suspense, useEffect } from 'react'
import { Layout } from './components/Layout.tsx'
import { Loading } from './components/Status.tsx'
import { MarketplacePage } from './pages/MarketplacePage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { useRoute } from './router/hashRouter.tsx'
import type { Route } from './router/routes.ts'

// The marketplace loads at once; other pages (CSV parsing, certificate checks) load on first visit.
const DatasetPage = lazy(() => import('./pages/DatasetPage.tsx').then((m) => ({ default: m.DatasetPage })))
const BuyPage = lazy(() => import('./pages/BuyPage.tsx').then((m) => ({ default: m.BuyPage })))
const JobPage = lazy(() => import('./pages/JobPage.tsx').then((m) => ({ default: m.JobPage })))
const VendorPage = lazy(() => import('./pages/VendorPage.tsx').then((m) => ({ default: m.VendorPage })))
const CertificatePage = lazy(() =>
  import('./pages/CertificatePage.tsx').then((m) => ({ default: m.CertificatePage })),
)
const ModelsPage = lazy(() => import('./pages/ModelsPage.tsx').then((m) => ({ default: m.ModelsPage })))
const FeedsPage = lazy(() => import('./pages/FeedsPage.tsx').then((m) => ({ default: m.FeedsPage })))
const FeedPage = lazy(() => import('./pages/FeedPage.tsx').then((m) => ({ default: m.FeedPage })))
const FeedCertificatePage = lazy(() =>
  import('./pages/FeedCertificatePage.tsx').then((m) => ({ default: m.FeedCertificatePage })),
)
const FeedRequestPage = lazy(() =>
  import('./pages/FeedRequestPage.tsx').then((m) => ({ default: m.FeedRequestPage })),
)

function Page({ route }: { route: Route }) {
  switch (route.name) {
    case 'market':
      return <MarketplacePage />
    case 'dataset':
      return <DatasetPage id={route.id} />
    case 'buy':
      return <BuyPage datasetId={route.datasetId} />
    case 'job':
      return <JobPage jobId={route.jobId} />
    case 'vendor':
      return <VendorPage />
    case 'certificate':
      return <CertificatePage jobId={route.jobId} />
    case 'models':
      return <ModelsPage />
    case 'feeds':
      return <FeedsPage />
    case 'feed':
      return <FeedPage address={route.address} />
    case 'feedRequest':
      return <FeedRequestPage requestId={route.requestId} />
    case 'feedCertificate':
      return <FeedCertificatePage requestId={route.requestId} />
    case 'notFound':
      return <NotFoundPage path={route.path} />
  }
}

/** Picks the page for the current hash route inside the common layout. */
export function App() {
  const route = useRoute()
  // biome-ignore lint/correctness/useExhaustiveDependencies: the point is to run on every page change
  useEffect(() => {
    window.scrollTo(0, 0)
  }, [route.name])
  return (
    <Layout route={route}>
      <Suspense fallback={<Loading>Loading the page…</Loading>}>
        <Page route={route} />
      </Suspense>
    </Layout>
  )
}
