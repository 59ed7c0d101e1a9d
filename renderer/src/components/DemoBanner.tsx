/** The "Demo gateway" strip shown on every screen when the app runs against its built-in demo gateway. */
export function DemoBanner() {
  return (
    <div className="demo-banner" role="note" aria-label="Demo gateway">
      <strong>Demo gateway</strong>
      <span>Everything here talks to a built-in test gateway on this machine, not to your company&rsquo;s.</span>
    </div>
  );
}
