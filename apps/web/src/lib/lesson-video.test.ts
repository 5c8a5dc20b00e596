import { describe, expect, it } from "vitest";
import { describeLessonVideo } from "./lesson-video.ts";

describe("describeLessonVideo", () => {
  it("plays YouTube from youtube-nocookie.com and Vimeo without tracking (dnt=1), an unlisted one with its hash", () => {
    expect(describeLessonVideo({ title: " Hip hinge ", youtube: "aqz-KE-bpKQ" })).toEqual({
      kind: "embed",
      title: "Hip hinge",
      provider: "YouTube",
      embedUrl: "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ?autoplay=1&rel=0",
      watchUrl: "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
      poster: undefined,
    });
    expect(
      describeLessonVideo({ title: "Dowel drill", vimeo: "76979871/0a1b2c3d4e", poster: "/videos/dowel.jpg" }),
    ).toMatchObject({
      provider: "Vimeo",
      embedUrl: "https://player.vimeo.com/video/76979871?h=0a1b2c3d4e&dnt=1&autoplay=1",
      watchUrl: "https://vimeo.com/76979871/0a1b2c3d4e",
      poster: "/videos/dowel.jpg",
    });
  });

  it("plays a file of this site with its captions, in English unless told", () => {
    expect(
      describeLessonVideo({ title: "Step-ups", src: "/videos/step-ups.mp4", captions: "/videos/step-ups.vtt" }),
    ).toEqual({
      kind: "file",
      title: "Step-ups",
      src: "/videos/step-ups.mp4",
      poster: undefined,
      captions: { src: "/videos/step-ups.vtt", lang: "en" },
    });
  });

  it("refuses a player address that could lead anywhere else", () => {
    expect(() => describeLessonVideo({ title: "X", youtube: 'abc"onload=x' })).toThrow(/not a YouTube video id/);
    expect(() => describeLessonVideo({ title: "X", src: "//evil.example/a.mp4" })).toThrow(
      /must be a file on this site/,
    );
    expect(() => describeLessonVideo({ title: "X", src: "/videos/../../etc/passwd" })).toThrow(
      /must be a file on this site/,
    );
    expect(() => describeLessonVideo({ title: "X", vimeo: "1?autoplay=0" })).toThrow(/not a Vimeo video id/);
  });
});
