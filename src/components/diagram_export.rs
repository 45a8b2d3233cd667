//! Exports the diagram as it stands, for an instructor's slides: the SVG itself, or a PNG
//! drawn from it on a canvas at twice its size. Both are made in the page (a `data:` URL the
//! browser downloads), with no network. The SVG carries its own style, so the file looks as
//! the page does.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// JavaScript's `Function` constructor: the few lines that serialise, draw and download
    /// need browser APIs the app's web-sys features do not include.
    type Function;
    #[wasm_bindgen(constructor)]
    fn new(svg: &str, format: &str, name: &str, body: &str) -> Function;
    #[wasm_bindgen(method, js_name = call)]
    fn call3(this: &Function, context: &JsValue, svg: &JsValue, format: &JsValue, name: &JsValue);
}

const EXPORT: &str = "
const text = new XMLSerializer().serializeToString(svg);
const url = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(text);
const save = (href) => {
  const a = document.createElement('a');
  a.href = href; a.download = name; a.hidden = true;
  document.body.append(a); a.click(); a.remove();
};
if (format === 'svg') { save(url); return; }
const box = svg.viewBox.baseVal;
const image = new Image();
image.onload = () => {
  const canvas = document.createElement('canvas');
  canvas.width = box.width * 2; canvas.height = box.height * 2;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff'; g.fillRect(0, 0, canvas.width, canvas.height);
  g.drawImage(image, 0, 0, canvas.width, canvas.height);
  save(canvas.toDataURL('image/png'));
};
image.src = url;
";

/// What the diagram is exported as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

/// Downloads `svg` (the diagram's element) as `<name>.svg` or `<name>.png`.
pub fn export(svg: &web_sys::Element, format: Format, name: &str) {
    let (format, extension) = match format {
        Format::Svg => ("svg", "svg"),
        Format::Png => ("png", "png"),
    };
    let run = Function::new("svg", "format", "name", EXPORT);
    let file = format!("{name}.{extension}");
    run.call3(&JsValue::NULL, svg.as_ref(), &format.into(), &file.into());
}
