import { type AnchorHTMLAttributes, useSyncExternalStore } from 'react'
import { parseRoute, type Route } from './routes.ts'

// A hash router: every page works from a static file server and a printed certificate link keeps
// working without any server-side fallback route.

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

function currentPath(): string {
  const hash = window.location.hash.replace(/^#/, '')
  return hash === '' ? '/' : hash
}

/** The current hash path, re-rendering on every navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/')
}

/** The current page. */
export function useRoute(): Route {
  return parseRoute(usePath())
}

/** Goes to `path` (as built by `paths`), adding a history entry. */
export function navigate(path: string): void {
  window.location.hash = path
}

/** Absolute URL of an in-app path, for sharing (e.g. a certificate link). */
export function absoluteUrl(path: string): string {
  return `${window.location.origin}${window.location.pathname}#${path}`
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string }

/** An in-app link: a plain anchor, so it opens in a new tab and prints like any other. */
export function Link({ to, ...rest }: LinkProps) {
  return <a href={`#${to}`} {...rest} />
}
