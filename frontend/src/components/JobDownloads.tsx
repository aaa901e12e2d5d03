import type { Job } from '@veritree/core/api'
import { useDownload } from '../hooks/useDownload.ts'
import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'
import { WalletGate } from './WalletGate.tsx'

/** The customer's model and receipt, plus the public certificate link. */
export function JobDownloads({ job }: { job: Job }) {
  const download = useDownload()
  const short = job.jobId.slice(2, 10)
  return (
    <div className="stack">
      <div className="row">
        <Link to={paths.certificate(job.jobId)} className="button">
          Open the certificate
        </Link>
      </div>
      <WalletGate purpose="download your model and receipt" signIn>
        <div className="row">
          <button
            type="button"
            className="secondary"
            disabled={download.isPending}
            onClick={() =>
              download.mutate({ path: `/jobs/${job.jobId}/model`, filename: `model-${short}.json` })
            }
          >
            Download model (JSON)
          </button>
          <button
            type="button"
            className="secondary"
            disabled={download.isPending}
            onClick={() =>
              download.mutate({ path: `/jobs/${job.jobId}/receipt`, filename: `receipt-${short}.cbor` })
            }
          >
            Download RISC Zero receipt
          </button>
        </div>
        {download.error ? <p className="field-error">{download.error.message}</p> : null}
      </WalletGate>
    </div>
  )
}
