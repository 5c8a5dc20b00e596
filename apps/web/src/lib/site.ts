/** Who publishes the site: used in titles, meta tags, the feed and JSON-LD. */
export const SITE_NAME = "Strong Stride Academy";
export const SITE_DESCRIPTION =
  "Strength training and running for midlife women: articles, training plans and a coached monthly membership.";
export const AUTHOR = { name: "Maren Holt", jobTitle: "Running and strength coach", path: "/about" };

/** public/social-card.jpg: the link-card picture of pages that have none of their own. */
export const DEFAULT_SOCIAL_IMAGE = {
  path: "/social-card.jpg",
  width: 1200,
  height: 630,
  alt: "Teal hills under a soft coral sunrise, with a sand-coloured road winding toward the light.",
};

export const ARTICLES_DESCRIPTION =
  "Every article on strength training, running and recovery for midlife women runners, newest first.";
