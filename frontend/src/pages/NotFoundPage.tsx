import { Link } from '../router/hashRouter.tsx'
import { paths } from '../router/routes.ts'

/** An unknown link: say so and offer the way back. */
export function NotFoundPage({ path }: { path: string }) {
  return (
    <div className="card empty">
      <h1>Page not found</h1>
      <p>
        Nothing lives at <code>{path}</code>.
      </p>
      <Link to={paths.market()} className="button">
        Back to the marketplace
      </Link>
    </div>
  )
}
