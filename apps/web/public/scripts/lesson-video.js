// Lesson videos (see LessonVideo.astro): the YouTube or Vimeo player is put in its frame only when she presses
// play, so nothing is asked of either before. Included once per video; the first copy does the work for all.
(() => {
  if (document.documentElement.dataset.lessonVideos) return;
  document.documentElement.dataset.lessonVideos = "on";
  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element ? event.target.closest(".lesson-video-play") : null;
    const frame = button?.closest(".lesson-video-frame[data-embed-src]");
    if (!frame) return;
    const player = document.createElement("iframe");
    player.src = frame.dataset.embedSrc;
    player.title = frame.dataset.embedTitle || "Video";
    player.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
    player.allowFullscreen = true;
    player.referrerPolicy = "strict-origin-when-cross-origin";
    frame.replaceChildren(player);
    player.focus();
  });
})();
