<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>
<qgis version="3.22.16-Białowieża" styleCategories="Symbology|Labeling|Rendering" labelsEnabled="0">
  <renderer-v2 type="categorizedSymbol" attr="rule" forceraster="0" symbollevels="0" enableorderby="0" referencescale="-1">
    <categories>
      <category symbol="0" value="health-band-village" label="health-band-village (二(二)5b)" render="true"/>
      <category symbol="1" value="health-band-island" label="health-band-island (二(二)5c–e)" render="true"/>
      <category symbol="2" value="consolidate-small-islands" label="consolidate-small-islands (二(四)11–12)" render="true"/>
      <category symbol="3" value="health-15min" label="health-15min (二(二)5a)" render="true"/>
      <category symbol="4" value="elderly-care-15min" label="elderly-care-15min (二(三)8a)" render="true"/>
      <category symbol="5" value="training-30min" label="training-30min (二(四)15)" render="true"/>
      <category symbol="6" value="meal-delivery-share" label="meal-delivery-share (二(三)10c)" render="true"/>
      <category symbol="7" value="emergency-point-per-town" label="emergency-point-per-town (二(五)19a)" render="true"/>
      <category symbol="8" value="senior-school-per-town" label="senior-school-per-town (二(三)8c)" render="true"/>
      <category symbol="9" value="aed-per-100k" label="aed-per-100k (二(五)19b)" render="true"/>
      <category symbol="10" value="care-workers-per-10k-elderly" label="care-workers-per-10k-elderly (二(五)20)" render="true"/>
      <category symbol="11" value="community-health-stations" label="community-health-stations (二(二)6)" render="true"/>
      <category symbol="12" value="emergency-sub-centre" label="emergency-sub-centre (二(五)19)" render="true"/>
      <category symbol="13" value="aed-count-2024" label="aed-count-2024 (二(五)19b)" render="true"/>
      <category symbol="14" value="village-clinics-standardised" label="village-clinics-standardised (二(五)19c)" render="true"/>
      <category symbol="15" value="home-care-centres" label="home-care-centres (二(三)8b)" render="true"/>
      <category symbol="16" value="village-care-centres" label="village-care-centres (二(三)8b)" render="true"/>
      <category symbol="17" value="senior-classroom-share" label="senior-classroom-share (二(三)8c)" render="true"/>
      <category symbol="18" value="livelihood-complexes" label="livelihood-complexes (二(三)10a)" render="true"/>
      <category symbol="19" value="poverty-care-only-main-and-liuheng" label="poverty-care-only-main-and-liuheng (二(三)10b)" render="true"/>
      <category symbol="20" value="canteens-2024" label="canteens-2024 (二(三)10c)" render="true"/>
      <category symbol="21" value="meal-points-2024" label="meal-points-2024 (二(三)10c)" render="true"/>
      <category symbol="22" value="gig-markets" label="gig-markets (二(四)14)" render="true"/>
      <category symbol="23" value="pupils-on-large-islands" label="pupils-on-large-islands (二(一)1)" render="true"/>
      <category symbol="24" value="transport-stations" label="transport-stations (二(六)22a)" render="true"/>
      <category symbol="25" value="logistics-district-centre" label="logistics-district-centre (二(六)22c)" render="true"/>
      <category symbol="26" value="logistics-town-centres" label="logistics-town-centres (二(六)22c)" render="true"/>
      <category symbol="27" value="logistics-village-points" label="logistics-village-points (二(六)22c)" render="true"/>
      <category symbol="28" value="water-stations" label="water-stations (二(六)22d)" render="true"/>
      <category symbol="29" value="liuheng-clinic-merger" label="liuheng-clinic-merger (二(五)19)" render="true"/>
      <category symbol="30" value="small-island-monthly-round" label="small-island-monthly-round (二(三)9)" render="true"/>
      <category symbol="31" value="" label="其他 other" render="true"/>
    </categories>
    <symbols>
      <symbol type="marker" name="0" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="31,119,180,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="31,119,180,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="31,119,180,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="31,119,180,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="1" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,127,14,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="255,127,14,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="255,127,14,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="255,127,14,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="2" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="148,103,189,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="148,103,189,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="148,103,189,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="148,103,189,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="3" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="140,86,75,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="140,86,75,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="140,86,75,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="140,86,75,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="4" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="227,119,194,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="227,119,194,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="227,119,194,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="227,119,194,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="5" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="23,190,207,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="23,190,207,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="23,190,207,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="23,190,207,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="6" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="188,189,34,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="188,189,34,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="188,189,34,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="188,189,34,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="7" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="44,160,44,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="44,160,44,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="44,160,44,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="44,160,44,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="8" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="127,127,127,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="127,127,127,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="127,127,127,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="127,127,127,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="9" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="31,119,180,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="31,119,180,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="31,119,180,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="31,119,180,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="10" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,127,14,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="255,127,14,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="255,127,14,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="255,127,14,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="11" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="148,103,189,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="148,103,189,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="148,103,189,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="148,103,189,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="12" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="140,86,75,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="140,86,75,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="140,86,75,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="140,86,75,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="13" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="227,119,194,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="227,119,194,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="227,119,194,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="227,119,194,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="14" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="23,190,207,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="23,190,207,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="23,190,207,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="23,190,207,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="15" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="188,189,34,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="188,189,34,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="188,189,34,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="188,189,34,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="16" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="44,160,44,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="44,160,44,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="44,160,44,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="44,160,44,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="17" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="127,127,127,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="127,127,127,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="127,127,127,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="127,127,127,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="18" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="31,119,180,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="31,119,180,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="31,119,180,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="31,119,180,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="19" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,127,14,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="255,127,14,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="255,127,14,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="255,127,14,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="20" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="148,103,189,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="148,103,189,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="148,103,189,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="148,103,189,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="21" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="140,86,75,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="140,86,75,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="140,86,75,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="140,86,75,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="22" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="227,119,194,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="227,119,194,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="227,119,194,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="227,119,194,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="23" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="23,190,207,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="23,190,207,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="23,190,207,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="23,190,207,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="24" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="188,189,34,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="188,189,34,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="188,189,34,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="188,189,34,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="25" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="44,160,44,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="44,160,44,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="44,160,44,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="44,160,44,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="26" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="127,127,127,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="127,127,127,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="127,127,127,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="127,127,127,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="27" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="31,119,180,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="31,119,180,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="31,119,180,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="31,119,180,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="28" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="255,127,14,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="255,127,14,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="255,127,14,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="255,127,14,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="29" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="148,103,189,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="148,103,189,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="148,103,189,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="148,103,189,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="30" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="140,86,75,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="140,86,75,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="140,86,75,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="140,86,75,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
      <symbol type="marker" name="31" alpha="1" clip_to_extent="1" force_rhr="0">
        <layer class="SimpleMarker" enabled="1" locked="0" pass="0">
          <Option type="Map">
            <Option type="QString" name="color" value="150,150,150,40"/>
            <Option type="QString" name="name" value="circle"/>
            <Option type="QString" name="outline_color" value="150,150,150,255"/>
            <Option type="QString" name="outline_style" value="solid"/>
            <Option type="QString" name="outline_width" value="0.7"/>
            <Option type="QString" name="outline_width_unit" value="MM"/>
            <Option type="QString" name="size" value="6"/>
            <Option type="QString" name="size_unit" value="MM"/>
          </Option>
          <prop k="color" v="150,150,150,40"/>
          <prop k="name" v="circle"/>
          <prop k="outline_color" v="150,150,150,255"/>
          <prop k="outline_style" v="solid"/>
          <prop k="outline_width" v="0.7"/>
          <prop k="outline_width_unit" v="MM"/>
          <prop k="size" v="6"/>
          <prop k="size_unit" v="MM"/>
        </layer>
      </symbol>
    </symbols>
  </renderer-v2>
  <blendMode>0</blendMode>
  <featureBlendMode>0</featureBlendMode>
  <layerOpacity>1</layerOpacity>
  <layerGeometryType>0</layerGeometryType>
</qgis>
