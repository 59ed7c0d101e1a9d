#!/usr/bin/env node
// Draws the app icon and the tray images from the SVG marks below, and renders every size each
// platform needs. Run after changing a mark, then commit the outputs (packaging never runs this):
//   node build/generate-icons.mjs
// Needs rsvg-convert (librsvg2-bin), ImageMagick `convert` (imagemagick) and png2icns (icnsutils):
//   apt-get install -y librsvg2-bin imagemagick icnsutils
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = (...parts) => join(here, ...parts);

/** Linux hicolor sizes, electron-builder's `icons/` folder layout (NxN.png). */
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
/** Sizes packed into icon.ico (Windows picks per DPI; 256 is the Explorer "extra large" view). */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
/** Sizes packed into icon.icns. */
export const ICNS_SIZES = [16, 32, 128, 256, 512, 1024];
/** The tray image states (keep in sync with TRAY_ICON_STATES in app/core/desktop/tray-icon.ts; a test checks). */
export const TRAY_STATES = ['valid', 'expiring', 'refreshing', 'error', 'inactive'];
const TRAY_COLOURS = { valid: '#16A34A', expiring: '#D97706', refreshing: '#2563EB', error: '#DC2626', inactive: '#9CA3AF' };

// The mark: a gateway arch with an arrow passing through it. On a 512 grid for the app icon.
const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512" viewBox="0 0 512 512">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4F46E5"/>
      <stop offset="1" stop-color="#0D9488"/>
    </linearGradient>
  </defs>
  <rect x="24" y="24" width="464" height="464" rx="104" fill="url(#bg)"/>
  <path d="M152 392 V232 a104 104 0 0 1 208 0 V392" fill="none" stroke="#FFFFFF" stroke-width="44" stroke-linecap="round"/>
  <path d="M196 300 H300 M264 260 L308 300 L264 340" fill="none" stroke="#FFFFFF" stroke-width="32" stroke-linecap="round" stroke-linejoin="round"/>
</svg>
`;

/**
 * A tray mark on a 32 grid. Shapes differ per state, not only colours, so the monochrome macOS
 * template images (and colour-blind users) can tell states apart:
 * valid arrow through the arch; expiring arrow plus a badge; refreshing three dots; error "!";
 * inactive a faded, empty arch.
 */
function trayMark(state, colour) {
  // The expiring badge sits on the arch's shoulder; a knocked-out ring keeps the two shapes apart at 16 px.
  const knockout = state === 'expiring' ? '<defs><mask id="k"><rect width="32" height="32" fill="#fff"/><circle cx="27.5" cy="4.5" r="5.5" fill="#000"/></mask></defs>' : '';
  const arch = `${knockout}<path d="M7 28 V15 a9 9 0 0 1 18 0 V28" fill="none" stroke="${colour}" stroke-width="3.5" stroke-linecap="round"${state === 'inactive' && colour === '#000000' ? ' opacity="0.55"' : ''}${knockout ? ' mask="url(#k)"' : ''}/>`;
  const arrow = `<path d="M11 21 H20 M17 17.5 L20.5 21 L17 24.5" fill="none" stroke="${colour}" stroke-width="2.8" stroke-linecap="round" stroke-linejoin="round"/>`;
  const inner = {
    valid: arrow,
    expiring: `${arrow}<circle cx="27.5" cy="4.5" r="4" fill="${colour}"/>`,
    refreshing: [11.5, 16, 20.5].map((x) => `<circle cx="${x}" cy="21" r="1.9" fill="${colour}"/>`).join(''),
    error: `<path d="M16 14.5 V20.5" stroke="${colour}" stroke-width="3" stroke-linecap="round"/><circle cx="16" cy="24.8" r="1.8" fill="${colour}"/>`,
    inactive: '',
  }[state];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32">${arch}${inner}</svg>\n`;
}

function run(cmd, args) {
  try {
    execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (error) {
    throw new Error(`${cmd} failed (${error.message}). Install: apt-get install -y librsvg2-bin imagemagick icnsutils`, { cause: error });
  }
}

function render(svgPath, size, pngPath) {
  mkdirSync(dirname(pngPath), { recursive: true });
  run('rsvg-convert', ['-w', String(size), '-h', String(size), '-o', pngPath, svgPath]);
  // Strip timestamps and tool names so re-running on another machine gives identical bytes.
  run('convert', [pngPath, '-strip', '-define', 'png:exclude-chunks=date,time', `PNG32:${pngPath}`]);
}

function main() {
  mkdirSync(out('svg'), { recursive: true });
  writeFileSync(out('svg', 'icon.svg'), appIcon);

  render(out('svg', 'icon.svg'), 1024, out('icon.png'));
  render(out('svg', 'icon.svg'), 512, out('icon-512.png'));
  rmSync(out('icons'), { recursive: true, force: true });
  for (const size of LINUX_SIZES) render(out('svg', 'icon.svg'), size, out('icons', `${size}x${size}.png`));

  const tmp = out('.icon-tmp');
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const icoParts = ICO_SIZES.map((size) => {
    const path = join(tmp, `ico-${size}.png`);
    render(out('svg', 'icon.svg'), size, path);
    return path;
  });
  run('convert', [...icoParts, out('icon.ico')]);
  const icnsParts = ICNS_SIZES.map((size) => {
    const path = join(tmp, `icns-${size}.png`);
    render(out('svg', 'icon.svg'), size, path);
    return path;
  });
  run('png2icns', [out('icon.icns'), ...icnsParts]);
  rmSync(tmp, { recursive: true, force: true });

  rmSync(out('tray'), { recursive: true, force: true });
  for (const state of TRAY_STATES) {
    const colour = join('svg', `tray-${state}.svg`);
    const template = join('svg', `tray-${state}Template.svg`);
    writeFileSync(out(colour), trayMark(state, TRAY_COLOURS[state]));
    // Template images: black on transparent; macOS tints them for light and dark menu bars.
    writeFileSync(out(template), trayMark(state, '#000000'));
    render(out(colour), 16, out('tray', `tray-${state}.png`));
    render(out(colour), 32, out('tray', `tray-${state}@2x.png`));
    render(out(template), 16, out('tray', `tray-${state}Template.png`));
    render(out(template), 32, out('tray', `tray-${state}Template@2x.png`));
  }
  console.log('icons written to', here);
}

main();
