/**
 * Word lists for the seed generator: an apparel/outdoor shop that looks like
 * a real Shopify store in demos (titles, vendors, types, tags, options).
 */

export interface ProductTypeSpec {
  type: string;
  nouns: readonly string[];
  /** Materials go in the title for apparel ("Alpine Merino Hoodie"). */
  materials: boolean;
  sizes: boolean;
  colors: boolean;
  /** Whole-dollar price range. */
  price: readonly [number, number];
  uses: readonly string[];
}

export const PRODUCT_TYPES: readonly ProductTypeSpec[] = [
  { type: 'Jackets', nouns: ['Jacket', 'Parka', 'Anorak', 'Rain Shell', 'Insulated Vest', 'Softshell'], materials: true, sizes: true, colors: true, price: [89, 349], uses: ['wet alpine mornings', 'wind-blasted ridgelines', 'shoulder-season hikes'] },
  { type: 'Tops', nouns: ['Tee', 'Hoodie', 'Pullover', 'Henley', 'Quarter-Zip', 'Flannel Shirt', 'Base Layer'], materials: true, sizes: true, colors: true, price: [24, 99], uses: ['long days on the trail', 'campfire evenings', 'everyday layering'] },
  { type: 'Bottoms', nouns: ['Pants', 'Shorts', 'Joggers', 'Leggings', 'Climbing Pants', 'Convertible Pants'], materials: true, sizes: true, colors: true, price: [39, 139], uses: ['scrambling and bouldering', 'fast-and-light trips', 'town-to-trail days'] },
  { type: 'Footwear', nouns: ['Trail Runner', 'Hiking Boot', 'Camp Sandal', 'Approach Shoe', 'Winter Boot'], materials: false, sizes: true, colors: true, price: [69, 229], uses: ['technical singletrack', 'multi-day treks', 'slushy winter commutes'] },
  { type: 'Accessories', nouns: ['Beanie', 'Trucker Cap', 'Gloves', 'Hiking Socks', 'Neck Gaiter', 'Webbing Belt'], materials: true, sizes: false, colors: true, price: [14, 54], uses: ['cold starts', 'sunny summits', 'all-day comfort'] },
  { type: 'Gear', nouns: ['Daypack', 'Duffel', 'Water Bottle', 'Headlamp', 'Sleeping Bag', 'Trekking Poles', 'Camp Mug'], materials: false, sizes: false, colors: true, price: [19, 329], uses: ['overnight trips', 'weekend car camping', 'summit pushes'] },
];

export const ADJECTIVES = [
  'Alpine', 'Summit', 'Ridge', 'Trailhead', 'Coastal', 'Canyon', 'Glacier', 'Timber', 'Harbor', 'Northern',
  'Desert', 'Meadow', 'Storm', 'Cedar', 'Granite', 'Basecamp', 'Backcountry', 'Everyday', 'Ultralight', 'Heritage',
  'Switchback', 'Tundra', 'Redwood', 'Boulder', 'Cascade', 'Highland', 'Prairie', 'Juniper', 'Aspen', 'Cirque',
] as const;

export const MATERIALS = ['Merino', 'Fleece', 'Down', 'Canvas', 'Ripstop', 'Organic Cotton', 'Waxed', 'Flannel', 'Hemp', 'Recycled Nylon'] as const;

export const VENDORS = [
  'Northbound Supply Co.', 'Ridgeline Outfitters', 'Tidewater Goods', 'Summit & Sons', 'Wildfern',
  'Basecamp Collective', 'Granite Peak', 'Driftwood Apparel', 'Lost Lake Mfg.', 'Kettle River Co.',
] as const;

export const TAG_POOL = [
  'outdoor', 'hiking', 'camping', 'new-arrival', 'bestseller', 'sale', 'waterproof', 'organic', 'recycled',
  'winter', 'summer', 'unisex', 'mens', 'womens', 'gift-idea', 'limited-edition', 'packable', 'vegan',
] as const;

export const SIZES = ['S', 'M', 'L', 'XL'] as const;

export const COLORS: readonly { name: string; code: string }[] = [
  { name: 'Black', code: 'BLK' },
  { name: 'Navy', code: 'NVY' },
  { name: 'Blue', code: 'BLU' },
  { name: 'Olive', code: 'OLV' },
  { name: 'Sand', code: 'SND' },
  { name: 'Rust', code: 'RST' },
  { name: 'Slate', code: 'SLT' },
  { name: 'Forest', code: 'FOR' },
];

export const CARE = [
  'Machine wash cold, tumble dry low.',
  'Hand wash and line dry to keep it going for years.',
  'Spot clean; re-apply DWR when water stops beading.',
  'Wipe clean with a damp cloth.',
] as const;

export const PRICE_ENDINGS = [0, 0.95, 0.99, 0.5] as const;
