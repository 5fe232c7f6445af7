/** The port Lighthouse serves the built site on, apart from the browser tests' 4321. */
export const lighthousePort = Number(process.env.PLAINSEC_LIGHTHOUSE_PORT ?? 4329);
