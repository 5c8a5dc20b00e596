import type { SiteSettings } from "./schema.ts";

/**
 * Everything of an academy that would show it leaked into another academy's pages or emails: its words,
 * addresses, links and colours, as patterns (the second-academy tests look for the sample's).
 */
export function brandTraitsOf(site: SiteSettings): { label: string; pattern: RegExp }[] {
  const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const word = (label: string, text: string) => ({ label, pattern: new RegExp(`\\b${escapeRegExp(text)}\\b`) });
  const senderDomain = site.sender.address.split("@")[1] ?? site.sender.address;
  const coachNames = site.coach.name.split(/\s+/).filter((part) => part.length > 2);
  const academyWords = site.academy.name.split(/\s+/).filter((part) => part.length > 2 && part !== "Academy");
  const generic = new Set(["#ffffff", "#fff", "#000000", "#000"]);
  const colours = [...Object.values(site.colors.light), ...Object.values(site.colors.dark)].filter(
    (colour) => !generic.has(colour),
  );
  return [
    word("academy name", site.academy.name),
    {
      label: "academy name, first words",
      pattern: new RegExp(`\\b${escapeRegExp(academyWords.slice(0, 2).join(" "))}\\b`, "i"),
    },
    word("tagline", site.academy.tagline),
    word("description", site.academy.description),
    ...coachNames.map((name) => word(`coach name (${name})`, name)),
    word("sender name", site.sender.name),
    { label: "sender address", pattern: new RegExp(escapeRegExp(site.sender.address), "i") },
    { label: "sender domain", pattern: new RegExp(escapeRegExp(senderDomain), "i") },
    ...(site.sender.postalAddress ? [word("postal address", site.sender.postalAddress)] : []),
    ...site.social.map((link) => ({
      label: `social link ${link.label}`,
      pattern: new RegExp(escapeRegExp(link.url), "i"),
    })),
    word("logo alt text", site.logo.alt),
    ...(site.socialImage ? [word("social image alt text", site.socialImage.alt)] : []),
    ...colours.map((colour) => ({ label: `colour ${colour}`, pattern: new RegExp(`${escapeRegExp(colour)}\\b`, "i") })),
  ];
}
