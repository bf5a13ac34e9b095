import { describe, expect, it } from 'vitest'
import { parseClassesTxt, parseCoco, parseDataYaml, parseYoloLabels } from '../../src/main/datasets/detectionLabels'

describe('YOLO txt labels', () => {
  it('reads good lines and reports each bad one by file and line, keeping the rest', () => {
    const text = ['0 0.5 0.5 0.2 0.4', '', '# a comment', '2 0.1 0.1 0.3 0.1', '3 0.5 0.5 0.1 0.1', '1 0.5 0.5 0 0.1', '1 0.5 0.5 0.1', 'x 1 2 3 4', '1 0.95 0.5 0.2 0.2', '1 0.25 0.75 0.5 0.5'].join('\n')
    const r = parseYoloLabels(text, 3, 'labels/a.txt')
    expect(r.boxes).toEqual([
      { classId: 0, cx: 0.5, cy: 0.5, w: 0.2, h: 0.4 },
      { classId: 1, cx: 0.25, cy: 0.75, w: 0.5, h: 0.5 },
    ])
    expect(r.problems.map((p) => p.where)).toEqual(['labels/a.txt:4', 'labels/a.txt:5', 'labels/a.txt:6', 'labels/a.txt:7', 'labels/a.txt:8', 'labels/a.txt:9'])
    expect(r.problems[0].problem).toMatch(/reaches outside the image/)
    expect(r.problems[1].problem).toMatch(/class id 3 is not one of the 3 classes/)
    expect(r.problems[2].problem).toMatch(/not positive/)
    expect(r.problems[3].problem).toMatch(/five numbers/)
  })

  it('reads class names from classes.txt and the three data.yaml forms', () => {
    expect(parseClassesTxt('cat\r\ndog\n\nbird\n')).toEqual(['cat', 'dog', 'bird'])
    expect(parseDataYaml("train: images\nnames: ['cat', \"dog\", bird]\n", 'data.yaml')).toEqual(['cat', 'dog', 'bird'])
    expect(parseDataYaml('nc: 2\nnames:\n  - cat\n  - dog\nval: x\n', 'data.yaml')).toEqual(['cat', 'dog'])
    expect(parseDataYaml('names:\n  1: dog\n  0: cat\n', 'data.yaml')).toEqual(['cat', 'dog'])
    expect(() => parseDataYaml('nc: 2\n', 'data.yaml')).toThrow(/data.yaml: no "names:" entry/)
    expect(() => parseDataYaml('names:\n  0: cat\n  2: dog\n', 'd.yaml')).toThrow(/without gaps/)
  })
})

describe('COCO JSON', () => {
  const coco = {
    images: [{ id: 7, file_name: 'a.jpg', width: 200, height: 100 }, { id: 8, file_name: 'b.jpg', width: 50, height: 50 }, { id: 9 }],
    categories: [{ id: 18, name: 'dog' }, { id: 3, name: 'car' }],
    annotations: [
      { id: 1, image_id: 7, category_id: 18, bbox: [20, 10, 40, 20] },
      { id: 2, image_id: 7, category_id: 3, bbox: [190, 0, 40, 20] },
      { id: 3, image_id: 99, category_id: 3, bbox: [0, 0, 1, 1] },
      { id: 4, image_id: 8, category_id: 5, bbox: [0, 0, 1, 1] },
      { id: 5, image_id: 8, category_id: 3, bbox: [0, 0, 'x', 1] },
      { id: 6, image_id: 8, category_id: 3, bbox: [0, 0, 10, 10], iscrowd: 1 },
    ],
  }

  it('maps category ids to 0..k-1 in id order and normalises pixel boxes to centres and sizes', () => {
    const r = parseCoco(coco, 'instances_val.json')
    expect(r.classNames).toEqual(['car', 'dog'])
    const a = r.images.find((i) => i.file === 'a.jpg')!
    // dog at x 20..60, y 10..30 of 200 x 100: centre (0.2, 0.2), size (0.2, 0.2).
    expect(a.boxes).toHaveLength(1)
    const [box] = a.boxes
    expect(box.classId).toBe(1)
    for (const [k, v] of Object.entries({ cx: 0.2, cy: 0.2, w: 0.2, h: 0.2 })) expect(box[k as 'cx']).toBeCloseTo(v, 12)
    expect(r.images.find((i) => i.file === 'b.jpg')!.boxes).toEqual([])
  })

  it('reports every bad entry with its annotation id and skips it', () => {
    const r = parseCoco(coco, 'instances_val.json')
    const text = r.problems.map((p) => `${p.where}: ${p.problem}`)
    expect(text).toEqual([
      expect.stringMatching(/an image entry without an integer id/),
      expect.stringMatching(/annotation 2: the box .* reaches outside the image/),
      expect.stringMatching(/annotation 3: image_id 99 is not in "images"/),
      expect.stringMatching(/annotation 4: category_id 5 is not in "categories"/),
      expect.stringMatching(/annotation 5: bbox is not four numbers/),
    ])
  })

  it('refuses a file that is not an instances file, naming it', () => {
    expect(() => parseCoco({ images: [] }, 'captions.json')).toThrow(/captions.json: not a COCO instances file/)
  })
})
