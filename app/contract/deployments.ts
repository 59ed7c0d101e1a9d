/** The one parser for Azure's `model=deployment` maps (environment, `--azure-deployments`, the Settings form). */

/** A parsed map and the pieces that were not `model=deployment`, for the caller to name in its own words. */
export interface DeploymentMap {
  deployments: Record<string, string>;
  invalid: string[];
}

/** Parses `model=deployment` pairs separated by commas or line breaks; blanks are skipped. */
export function parseDeploymentMap(text: string): DeploymentMap {
  const deployments: Record<string, string> = {};
  const invalid: string[] = [];
  for (const pair of text.split(/[\n,]/).map((p) => p.trim()).filter(Boolean)) {
    const at = pair.indexOf('=');
    if (at <= 0) invalid.push(pair);
    else deployments[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
  }
  return { deployments, invalid };
}
