<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Rendering" labelsEnabled="0">
  <renderer-v2 type="graduatedSymbol" attr="minutes" graduatedMethod="GraduatedColor" forceraster="0" symbollevels="0" enableorderby="1" referencescale="-1">
    <ranges>
      <range symbol="0" lower="0.000000" upper="10.000000" label="≤10分钟 ≤ 10 min" render="true"/>
      <range symbol="1" lower="10.000000" upper="15.000000" label="≤15分钟 ≤ 15 min" render="true"/>
      <range symbol="2" lower="15.000000" upper="30.000000" label="≤30分钟 ≤ 30 min" render="true"/>
      <range symbol="3" lower="30.000000" upper="60.000000" label="≤60分钟 ≤ 60 min" render="true"/>
      <range symbol="4" lower="60.000000" upper="1000000000.000000" label="60分钟以上 over 60 min" render="true"/>
    </ranges>
    <symbols>
      <symbol type="fill" name="0" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="8,81,156,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="4,40,78,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="8,81,156,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="4,40,78,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="1" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="49,130,189,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="24,65,94,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="49,130,189,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="24,65,94,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="2" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="107,174,214,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="53,87,107,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="107,174,214,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="53,87,107,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="3" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="158,202,225,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="79,101,112,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="158,202,225,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="79,101,112,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
      <symbol type="fill" name="4" alpha="0.5" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleFill" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="198,219,239,255"/>
            <Option type="QString" name="joinstyle" value="round"/>
            <Option type="QString" name="outline_color" value="99,109,119,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.2"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="style" value="solid"/>
          </Option>
          <prop k="color" v="198,219,239,255"/>
          <prop k="joinstyle" v="round"/>
          <prop k="outline_color" v="99,109,119,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.2"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="style" v="solid"/>
        </layer>
      </symbol>
    </symbols>
    <orderby>
      <orderByClause asc="0" nullsFirst="0">&quot;minutes&quot;</orderByClause>
    </orderby>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <layerGeometryType>2</layerGeometryType>
</qgis>
