import { useEffect } from 'react'
import { Layout } from './components/Layout.tsx'
import { BuyPage } from './pages/BuyPage.tsx'
import { CertificatePage } from './pages/CertificatePage.tsx'
import { DatasetPage } from './pages/DatasetPage.tsx'
import { JobPage } from './pages/JobPage.tsx'
import { MarketplacePage } from './pages/MarketplacePage.tsx'
import { NotFoundPage } from './pages/NotFoundPage.tsx'
import { VendorPage } from './pages/VendorPage.tsx'
import { useRoute } from './router/hashRouter.tsx'
import type { Route } from './router/routes.ts'

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
    case 'notFound':
      return <NotFoundPage path={route.path} />
  }
}

/** Picks the page for the current hash route inside the common layout. */
export function App() {
  const route = useRoute()
  useEffect(() => {
    window.scrollTo(0, 0)
  }, [route.name])
  return (
    <Layout route={route}>
      <Page route={route} />
    </Layout>
  )
}
