#!/usr/bin/env bash
# Makes packages/testing/media: the small, real files the mock server serves and
# that tests upload. The output is committed, so only whoever changes this script
# needs ffmpeg (Debian: apt-get install -y ffmpeg). Run: bash scripts/make-media.sh
# Afterwards run `pnpm --filter @tokenops/testing embed-media` so the MSW handlers
# (which cannot read files in a browser) serve the same bytes.
set -euo pipefail

cd "$(dirname "$0")/.."
out=media
mkdir -p "$out"
rm -f "$out"/*.mp4 "$out"/*.webp "$out"/*.jpg "$out"/*.png

# ffmpeg INPUT-FILTER OUTPUT-OPTIONS... FILE, quietly, with flags that keep the output byte-for-byte
# reproducible for one ffmpeg build.
render() {
  local input=$1
  shift
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i "$input" -map_metadata -1 -fflags +bitexact -flags +bitexact "$@"
}
background=0x1f4e79
box=0xf2a900
fps=4

# A solid background with a box sliding across (overlay re-evaluates x every frame; drawbox in
# Debian 12's ffmpeg 5.1 does not): playable, visibly moving, and a few KB.
scene() { # width height seconds
  local w=$1 h=$2 s=$3 side=$(( $1 < $2 ? $1 / 8 : $2 / 8 ))
  echo "color=c=${background}:s=${w}x${h}:r=${fps}:d=${s}[bg];color=c=${box}:s=${side}x${side}:r=${fps}:d=${s}[fg];[bg][fg]overlay=x='mod(t*${w}/4,W-w)':y=(H-h)/2:shortest=1"
}

for size in 720x1280 1280x720; do
  w=${size%x*} h=${size#*x}
  for seconds in 4 8 12; do
    render "$(scene "$w" "$h" "$seconds")" \
      -c:v libx264 -preset veryslow -crf 38 -pix_fmt yuv420p -profile:v high \
      -movflags +faststart -an "$out/video-${size}-${seconds}s.mp4"
  done

  # Thumbnail and spritesheet are cut from the video itself: its middle frame, and one frame
  # a second of the 12-second video tiled 4 by 3 at a quarter scale.
  ffmpeg -hide_banner -loglevel error -y -ss 2 -i "$out/video-${size}-4s.mp4" -frames:v 1 \
    -map_metadata -1 -fflags +bitexact -flags +bitexact -c:v libwebp -quality 40 "$out/thumbnail-${size}.webp"
  ffmpeg -hide_banner -loglevel error -y -i "$out/video-${size}-12s.mp4" \
    -vf "fps=1,scale=$(( w / 4 )):$(( h / 4 )),tile=4x3" -frames:v 1 \
    -map_metadata -1 -fflags +bitexact -flags +bitexact -q:v 12 "$out/spritesheet-${size}.jpg"

  # First-frame reference images for uploads, one per format the API accepts.
  render "$(scene "$w" "$h" 1)" -frames:v 1 "$out/reference-${size}.png"
  render "$(scene "$w" "$h" 1)" -frames:v 1 -q:v 10 "$out/reference-${size}.jpg"
  render "$(scene "$w" "$h" 1)" -frames:v 1 -c:v libwebp -quality 40 "$out/reference-${size}.webp"
done

# One frame per aspect ratio the JSON families make (Seedance's and Jimeng's ratios), 1 s at 1 fps: the mock
# repeats it into a real MP4 (without x264's SEI note, which it would otherwise repeat in every frame) of any whole number of seconds (src/core/still-video.ts), so no file per duration.
for ratio in 16x9 9x16 1x1 4x3 3x4 21x9; do
  a=${ratio%x*} b=${ratio#*x}
  # The short side 144 px (a multiple of 16); the long side follows the ratio.
  if (( a >= b )); then h=144 w=$(( 144 * a / b )); else w=144 h=$(( 144 * b / a )); fi
  render "$(scene "$w" "$h" 1)" -r 1 -frames:v 1 \
    -c:v libx264 -preset veryslow -crf 38 -pix_fmt yuv420p -profile:v high \
    -bsf:v filter_units=remove_types=6 -movflags +faststart -an "$out/frame-${ratio}.mp4"
done

ls -l "$out"
du -cb "$out"/* | tail -1
node scripts/embed-media.mjs
