// The idle-CPU reference page: the camera shown in a <video> as the scan screen asks for it, with no decoding at all.
const video = document.getElementById('camera');
if (!(video instanceof HTMLVideoElement)) throw new Error('camera.html has no <video id="camera">');

navigator.mediaDevices
  .getUserMedia({ audio: false, video: { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } } })
  .then(async (stream) => {
    video.srcObject = stream;
    await video.play();
    document.body.dataset.camera = 'running';
  })
  .catch((error: unknown) => {
    document.body.dataset.camera = `failed: ${error instanceof Error ? error.message : String(error)}`;
  });
