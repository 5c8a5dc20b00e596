/**
 * What `<LessonVideo>` shows, from the attributes a lesson gives it: a YouTube or Vimeo video, played through
 * the privacy-friendly player hosts (youtube-nocookie.com, player.vimeo.com with dnt=1) only once she presses
 * play, or a video file served by this site. The lesson checks (course-checks.ts) use the same rules at build
 * time, so a lesson with a bad video fails the build instead of the member's page.
 *
 * @example
 * describeLessonVideo({ title: "Hip hinge, side view", youtube: "aqz-KE-bpKQ" });
 * // { kind: "embed", embedUrl: "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&rel=0", … }
 */

/** The hosts a lesson page lets frames come from: the server's Content Security Policy names exactly these. */
export const VIDEO_FRAME_ORIGINS = ["https://www.youtube-nocookie.com", "https://player.vimeo.com"] as const;

export interface LessonVideoAttributes {
  /** What the video shows; the play button and the player are named by it. */
  title?: string | undefined;
  /** A YouTube video id (the `v=` of its address), e.g. `aqz-KE-bpKQ`. */
  youtube?: string | undefined;
  /** A Vimeo video id, e.g. `76979871`, or `76979871/abc123def4` for an unlisted video (its private hash). */
  vimeo?: string | undefined;
  /** A video file on this site, e.g. `/videos/hip-hinge.mp4` (in apps/web/public). */
  src?: string | undefined;
  /** A picture on this site shown before she plays it, e.g. `/videos/hip-hinge.jpg`. */
  poster?: string | undefined;
  /** Captions for a video file: a WebVTT file on this site, e.g. `/videos/hip-hinge.en.vtt`. */
  captions?: string | undefined;
  /** The captions' language (BCP 47), `en` unless given. */
  captionsLang?: string | undefined;
}

export type LessonVideo =
  | {
      kind: "embed";
      title: string;
      provider: "YouTube" | "Vimeo";
      /** The player, loaded in a frame only after she presses play. */
      embedUrl: string;
      /** The video's own page, for a reader without JavaScript. */
      watchUrl: string;
      poster: string | undefined;
    }
  | {
      kind: "file";
      title: string;
      src: string;
      poster: string | undefined;
      captions: { src: string; lang: string } | undefined;
    };

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const VIMEO_ID = /^(\d{1,12})(?:\/([0-9a-f]{6,20}))?$/;
// Files of this site only: a path from the root, no scheme, no host, no way up.
const SITE_PATH = /^\/(?!\/)[A-Za-z0-9._~/-]+$/;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The problems with a `<LessonVideo>`'s attributes, as sentences; none when it is fine. */
export function checkLessonVideo(attributes: LessonVideoAttributes): string[] {
  const problems: string[] = [];
  const sources = (["youtube", "vimeo", "src"] as const).filter((name) => attributes[name] !== undefined);
  if (!attributes.title?.trim()) problems.push('<LessonVideo> needs a title, like title="Hip hinge, side view"');
  if (sources.length !== 1) {
    problems.push('<LessonVideo> needs exactly one of youtube="…", vimeo="…" or src="/videos/….mp4"');
  }
  const { youtube, vimeo, src, poster, captions, captionsLang } = attributes;
  if (youtube !== undefined && !YOUTUBE_ID.test(youtube)) {
    problems.push(`<LessonVideo youtube="${youtube}"> is not a YouTube video id (11 letters, digits, - or _)`);
  }
  if (vimeo !== undefined && !VIMEO_ID.test(vimeo)) {
    problems.push(`<LessonVideo vimeo="${vimeo}"> is not a Vimeo video id (digits, or digits/hash when unlisted)`);
  }
  for (const [name, value] of [
    ["src", src],
    ["poster", poster],
    ["captions", captions],
  ] as const) {
    if (value !== undefined && (!SITE_PATH.test(value) || value.includes(".."))) {
      problems.push(`<LessonVideo ${name}="${value}"> must be a file on this site, like /videos/hip-hinge.mp4`);
    }
  }
  if (captions !== undefined && src === undefined) {
    problems.push("<LessonVideo> captions go with a video file (src); YouTube and Vimeo carry their own");
  }
  if (captionsLang !== undefined && !LANGUAGE_TAG.test(captionsLang)) {
    problems.push(`<LessonVideo captionsLang="${captionsLang}"> is not a language tag, like en or en-GB`);
  }
  return problems;
}

/** The video to show; throws with the problems (the build's check names the lesson and line first). */
export function describeLessonVideo(attributes: LessonVideoAttributes): LessonVideo {
  const problems = checkLessonVideo(attributes);
  if (problems.length > 0) throw new Error(problems.join("; "));
  const title = attributes.title?.trim() ?? "";
  const { poster } = attributes;
  if (attributes.youtube !== undefined) {
    const id = attributes.youtube;
    return {
      kind: "embed",
      title,
      provider: "YouTube",
      embedUrl: `https://www.youtube-nocookie.com/embed/${id}?autoplay=1&rel=0`,
      watchUrl: `https://www.youtube.com/watch?v=${id}`,
      poster,
    };
  }
  if (attributes.vimeo !== undefined) {
    const [, id = "", hash] = VIMEO_ID.exec(attributes.vimeo) ?? [];
    const query = new URLSearchParams({ ...(hash ? { h: hash } : {}), dnt: "1", autoplay: "1" });
    return {
      kind: "embed",
      title,
      provider: "Vimeo",
      embedUrl: `https://player.vimeo.com/video/${id}?${query}`,
      watchUrl: `https://vimeo.com/${id}${hash ? `/${hash}` : ""}`,
      poster,
    };
  }
  return {
    kind: "file",
    title,
    src: attributes.src ?? "",
    poster,
    captions: attributes.captions ? { src: attributes.captions, lang: attributes.captionsLang ?? "en" } : undefined,
  };
}
