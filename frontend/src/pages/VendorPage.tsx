import { NewDatasetForm } from '../components/NewDatasetForm.tsx'
import { VendorDatasets } from '../components/VendorDatasets.tsx'
import { VendorFeedRoyalties } from '../components/VendorFeedRoyalties.tsx'
import { WalletGate } from '../components/WalletGate.tsx'
import { useWallet } from '../wallet/useWallet.ts'

/** Vendors: sign in, list a dataset with its price curve, watch earnings and withdraw them. */
export function VendorPage() {
  const { address } = useWallet()
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Sell data</h1>
          <p>
            Your rows stay encrypted on the platform. Buyers get models trained on them, each with a proof of
            its accuracy.
          </p>
        </div>
      </div>
      <WalletGate purpose="sell data" signIn>
        <NewDatasetForm />
        {address ? <VendorDatasets vendor={address} /> : null}
        {address ? <VendorFeedRoyalties vendor={address} /> : null}
      </WalletGate>
    </div>
  )
}
